// Tests run outside React's server environment; the marker has nothing to guard here.
export {};
