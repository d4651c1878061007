# Publishes with Debian's rsconnect exactly as a Workbench user would: register
# the federated key with connectApiUser(), deployApp() a multi-file site,
# deployDoc() an HTML document, then re-deploy the site. Driven by
# e2e/rsconnect-r.spec.ts through environment variables; any R error fails the run.
options(warn = 1, rsconnect.launch.browser = FALSE, rsconnect.force.update.apps = TRUE)
env <- function(name) {
  value <- Sys.getenv(name)
  if (!nzchar(value)) stop("missing environment variable ", name)
  value
}
server_url <- env("RSC_SERVER_URL")
account <- env("RSC_ACCOUNT")
site_dir <- env("RSC_SITE_DIR")
site_name <- env("RSC_SITE_NAME")
doc_path <- env("RSC_DOC_PATH")

message("rsconnect ", as.character(packageVersion("rsconnect")))
rsconnect::addConnectServer(server_url, name = "federation")
rsconnect::connectApiUser(account = account, server = "federation", apiKey = env("RSC_API_KEY"))

deploy_site <- function() {
  ok <- rsconnect::deployApp(appDir = site_dir, appName = site_name, account = account, server = "federation",
                             launch.browser = FALSE, lint = FALSE, forceUpdate = TRUE)
  if (!isTRUE(ok)) stop("deployApp() reported a failed deployment")
}

deploy_site()
ok <- rsconnect::deployDoc(doc_path, account = account, server = "federation", launch.browser = FALSE, lint = FALSE)
if (!isTRUE(ok)) stop("deployDoc() reported a failed deployment")

# The second deploy of the site goes through the deployment record rsconnect wrote (GET /applications/{id}).
writeLines("<!doctype html><title>Site</title><link rel=stylesheet href=style.css><h1>Second version</h1><img src=img/logo.png alt=logo>",
           file.path(site_dir, "index.html"))
deploy_site()
message("DONE")
