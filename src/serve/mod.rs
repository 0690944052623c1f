//! `kosearch serve`: an HTTP JSON API over an index, and a search page.
//!
//! | endpoint | answer |
//! |---|---|
//! | `GET /` | the search page (`index.html`, `app.js`, `style.css`, built in) |
//! | `GET /search?q=…&limit=&offset=&facets=&sort=&recency=&exact=` | [`SearchResults`] as JSON, exactly as `kosearch search --json` prints them; `exact=true` searches the query as typed, without [correction](crate::correct) |
//! | `GET /suggest?q=…&limit=` | [`Suggestions`] as JSON, as `kosearch suggest --json` prints them: the index's words and titles the typed text may be on its way to (404 when the index has no suggestions) |
//! | `GET /documents/{id}` | the stored [`Article`](crate::Article) as JSON; 404 when there is none |
//! | `GET /stats` | [`IndexStats`](crate::index::IndexStats) as JSON, as `kosearch stats --json` |
//! | `GET /health` | `{"status": "ok", "documents": N}` |
//! | `POST /documents` | JSON Lines of articles, upserted and committed; needs `Authorization: Bearer TOKEN` |
//!
//! Every error is JSON, `{"error": "…", "status": N}`, with a fitting status:
//! 400 bad parameters, 401 a missing or wrong token, 403 writing disabled,
//! 404 nothing there, 405 wrong method, 409 the index locked by another
//! writer, 413 a body over the limit, 414 a query over the limit, 503 a
//! search over its time limit or too many waiting, 500 anything else.
//!
//! Connections are bounded in number and in how long a client may stall
//! (see [`ServeOptions`] and the `connection` module's table).
//!
//! Searches run on blocking threads, at most
//! [`ServeOptions::max_concurrent_searches`] at a time, each answered within
//! [`ServeOptions::query_timeout`] or refused. Writes are serialized: a
//! `POST /documents` takes the index's write lock for its own duration only
//! (so `kosearch index` may run between two), commits, and makes the new
//! documents visible to the next search.
//!
//! Words added to the index's user dictionary while the server runs
//! (`kosearch dict add`) are seen at the next request: the server opens the
//! index again, with its new analysis, and reads the synonyms file again
//! with it.
//!
//! ```no_run
//! use kosearch::index::Index;
//! use kosearch::serve::{ServeOptions, Server};
//!
//! # async fn run() -> kosearch::Result<()> {
//! let index = Index::open("index".as_ref())?;
//! let server = Server::bind(index, ServeOptions::default()).await?;
//! println!("listening on http://{}", server.local_addr());
//! server.run().await
//! # }
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Path as UrlPath, Query, State};
use axum::http::header::{self, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::corpus::jsonl::JsonlReader;
use crate::corpus::{FieldMap, DEFAULT_MAX_DOCUMENT_SIZE};
use crate::index::{ChangeCounts, Index, WriterOptions};
use crate::search::{
    Facet, SearchOptions, SearchResults, Searcher, SortOrder, Synonyms, SynonymsFile,
};
use crate::suggest::{SuggestOptions, Suggester, Suggestions};
use crate::{Error, Result};

mod connection;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on; loopback by default. Port 0 picks a free port
    /// ([`Server::local_addr`] tells which).
    pub addr: SocketAddr,
    /// The bearer token that `POST /documents` requires; `None` (or empty)
    /// disables writing.
    pub token: Option<String>,
    /// The largest request body accepted, in bytes (16 MiB).
    pub body_limit: usize,
    /// The largest document of a `POST /documents` body, in bytes: a longer
    /// line is skipped and reported, as `kosearch index` skips it
    /// ([`DEFAULT_MAX_DOCUMENT_SIZE`]).
    pub max_document_size: usize,
    /// The longest query `q` accepted, in bytes (4 KiB).
    pub max_query_bytes: usize,
    /// Time limit of one search, including the wait for a free search
    /// thread (10 s).
    pub query_timeout: Duration,
    /// Searches running at once (one per core); more wait their turn.
    pub max_concurrent_searches: usize,
    /// The largest `limit` a search may ask for (100).
    pub max_limit: usize,
    /// The largest `offset` a search may ask for (10,000).
    pub max_offset: usize,
    /// The longest a client may take to send a request's headers, and the
    /// longest a kept-alive connection waits for its next request (10 s);
    /// past it the connection is closed.
    pub header_timeout: Duration,
    /// The longest pause in a request body (408 past it) or in a client's
    /// reading of a response (the connection is closed) (10 s).
    pub body_timeout: Duration,
    /// Connections open at once (256); more wait to be accepted.
    pub max_connections: usize,
    /// On shutdown, how long answers under way may take to finish (5 s);
    /// idle connections and requests still being sent are closed at once.
    pub shutdown_grace: Duration,
    /// A file of [`Synonyms`] the searches use,
    /// read again when it changes and on SIGHUP; none by default.
    pub synonyms: Option<PathBuf>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            addr: SocketAddr::from(([127, 0, 0, 1], 7700)),
            token: None,
            body_limit: 16 * 1024 * 1024,
            max_document_size: DEFAULT_MAX_DOCUMENT_SIZE,
            max_query_bytes: 4096,
            query_timeout: Duration::from_secs(10),
            max_concurrent_searches: std::thread::available_parallelism().map_or(2, usize::from),
            max_limit: 100,
            max_offset: 10_000,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 256,
            shutdown_grace: Duration::from_secs(5),
            synonyms: None,
        }
    }
}

/// What the handlers share: the index, its searcher, the options and the
/// write lock. Cheap to clone.
#[derive(Clone)]
pub struct ServeState {
    inner: Arc<Inner>,
}

struct Inner {
    served: RwLock<Arc<Served>>,
    options: ServeOptions,
    searches: Arc<Semaphore>,
    /// Held while a `POST /documents` writes: one writer at a time.
    writing: Mutex<()>,
    synonyms: Option<Mutex<SynonymsFile>>,
}

/// The index served, and what reads it.
struct Served {
    index: Index,
    searcher: Searcher,
    /// `None` for an index built without suggestions.
    suggester: Option<Suggester>,
}

impl Served {
    fn new(index: Index) -> Result<Served> {
        let searcher = Searcher::new(&index)?;
        let suggester = match Suggester::new(&index) {
            Ok(suggester) => {
                // Read the dictionary now, not at the first keystroke.
                let warming = suggester.clone();
                std::thread::spawn(move || warming.stats());
                Some(suggester)
            }
            Err(Error::SuggestionsMissing { .. }) => None,
            Err(other) => return Err(other),
        };
        Ok(Served {
            index,
            searcher,
            suggester,
        })
    }
}

impl ServeState {
    /// The state of a server of `index`.
    pub fn new(index: Index, options: ServeOptions) -> Result<ServeState> {
        let mut options = options;
        options.token = options.token.filter(|token| !token.is_empty());
        options.max_concurrent_searches = options.max_concurrent_searches.max(1);
        let synonyms = options
            .synonyms
            .as_deref()
            .map(|path| SynonymsFile::open(path, index.analyzer()).map(Mutex::new))
            .transpose()?;
        Ok(ServeState {
            inner: Arc::new(Inner {
                searches: Arc::new(Semaphore::new(options.max_concurrent_searches)),
                served: RwLock::new(Arc::new(Served::new(index)?)),
                options,
                writing: Mutex::new(()),
                synonyms,
            }),
        })
    }

    /// The index served now: opened again first when its analysis changed
    /// since it was opened (words added to its user dictionary).
    fn served(&self) -> Result<Arc<Served>> {
        let slot = &self.inner.served;
        let served = slot.read().unwrap_or_else(PoisonError::into_inner).clone();
        if served.index.is_current() {
            return Ok(served);
        }
        let mut served = slot.write().unwrap_or_else(PoisonError::into_inner);
        // Another request may have opened it again meanwhile.
        if !served.index.is_current() {
            *served = Arc::new(Served::new(served.index.reopen()?)?);
            eprintln!(
                "kosearch serve: words were added to the user dictionary of {}; opened it again",
                served.index.dir().display()
            );
            // Synonyms are read with the index's analyzer.
            self.reload_synonyms(&served.index, true);
        }
        Ok(served.clone())
    }

    /// The synonyms searches use now, read with the analyzer of `index`:
    /// the file read again first if it changed (or always, when `force`). A
    /// file that became malformed is reported, and the synonyms read before
    /// stay.
    fn reload_synonyms(&self, index: &Index, force: bool) -> Option<Arc<Synonyms>> {
        let file = self.inner.synonyms.as_ref()?;
        let mut file = file.lock().unwrap_or_else(PoisonError::into_inner);
        match file.reload(index.analyzer(), force) {
            Ok(true) => eprintln!(
                "kosearch serve: synonyms read again from {}",
                file.path().display()
            ),
            Ok(false) => {}
            Err(error) => {
                eprintln!("kosearch serve: {error}; the synonyms read before stay in use");
            }
        }
        Some(file.synonyms())
    }

    /// Whether `POST /documents` is enabled (a token is set).
    pub fn writable(&self) -> bool {
        self.inner.options.token.is_some()
    }
}

/// The routes of the API and the search page.
pub fn router(state: ServeState) -> Router {
    Router::new()
        .route("/", get(page_html))
        .route("/index.html", get(page_html))
        .route("/app.js", get(page_js))
        .route("/style.css", get(page_css))
        .route("/health", get(health))
        .route("/stats", get(stats))
        .route("/search", get(search))
        .route("/suggest", get(suggest))
        .route("/documents", axum::routing::post(post_documents))
        .route("/documents/{*id}", get(document))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// A bound server, ready to run.
pub struct Server {
    listener: tokio::net::TcpListener,
    router: Router,
    addr: SocketAddr,
    options: ServeOptions,
    state: ServeState,
}

impl Server {
    /// Binds [`ServeOptions::addr`] and prepares the routes for `index`.
    pub async fn bind(index: Index, options: ServeOptions) -> Result<Server> {
        let addr = options.addr;
        let state = ServeState::new(index, options.clone())?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::io(format!("address {addr}"), e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io(format!("address {addr}"), e))?;
        Ok(Server {
            listener,
            router: router(state.clone()),
            addr,
            options,
            state,
        })
    }

    /// The address listened on (with the port picked, for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until Ctrl-C or SIGTERM, then shuts down as
    /// [`run_until`](Self::run_until) does.
    pub async fn run(self) -> Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` completes; then stops accepting, closes idle
    /// connections and those still sending a request at once, and lets the
    /// answers under way finish within [`ServeOptions::shutdown_grace`].
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<()> {
        let reloading = tokio::spawn(reload_on_hangup(self.state));
        connection::serve(self.listener, self.router, self.options, shutdown).await;
        reloading.abort();
        Ok(())
    }
}

/// Reads the synonyms file again on each SIGHUP, as daemons reread their
/// configuration.
async fn reload_on_hangup(state: ServeState) {
    #[cfg(unix)]
    if state.inner.synonyms.is_some() {
        use tokio::signal::unix::{signal, SignalKind};
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            return;
        };
        while hangups.recv().await.is_some() {
            let state = state.clone();
            // Reading the file analyzes its entries: off the async threads.
            let _ = tokio::task::spawn_blocking(move || {
                let served = state.served()?;
                Ok::<_, Error>(state.reload_synonyms(&served.index, true))
            })
            .await;
        }
    }
    #[cfg(not(unix))]
    let _ = state;
}

/// Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    let interrupt = async {
        // Without a handler, wait forever rather than stop at once.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

// ---------------------------------------------------------------------------
// Responses and errors.

/// An error answer: `{"error": "…", "status": N}`.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
}

impl From<Error> for ApiError {
    fn from(error: Error) -> ApiError {
        let status = match &error {
            Error::Query(_) | Error::InvalidArgument(_) => StatusCode::BAD_REQUEST,
            Error::IndexLocked { .. } | Error::IndexChanged { .. } => StatusCode::CONFLICT,
            Error::SuggestionsMissing { .. } => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, error.to_string())
    }
}

/// The body of an error answer: `{"error": message, "status": N}`.
fn error_body(status: StatusCode, message: &str) -> Vec<u8> {
    serde_json::json!({"error": message, "status": status.as_u16()})
        .to_string()
        .into_bytes()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            error_body(self.status, &self.message),
        )
            .into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"kosearch\""),
            );
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// `value` as a JSON response.
fn json(status: StatusCode, value: &impl Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            bytes,
        )
            .into_response(),
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            serde_json::json!({"error": format!("cannot serialize the answer: {err}"), "status": 500})
                .to_string(),
        )
            .into_response(),
    }
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!(
            "no such endpoint: {method} {}; see GET /, /search, /documents/ID, /stats, /health",
            uri.path()
        ),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
}

/// Runs `work` on a blocking thread, once one of the search slots is free,
/// within `limit` (waiting included). The slot stays taken until `work`
/// ends, even after a time-out, so slow searches cannot pile up.
async fn blocking<T: Send + 'static>(
    state: &ServeState,
    limit: Duration,
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> std::result::Result<T, ApiError> {
    let deadline = tokio::time::Instant::now() + limit;
    let too_slow = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the search took longer than this server's limit of {} ms; narrow the query or try again",
                limit.as_millis()
            ),
        )
    };
    let permit = tokio::time::timeout_at(deadline, state.inner.searches.clone().acquire_owned())
        .await
        .map_err(|_| too_slow())?
        .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping"))?;
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    });
    match tokio::time::timeout_at(deadline, task).await {
        Err(_) => Err(too_slow()),
        Ok(Err(join)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {join}"),
        )),
        Ok(Ok(result)) => result.map_err(ApiError::from),
    }
}

// ---------------------------------------------------------------------------
// The search page.

const INDEX_HTML: &str = include_str!("static/index.html");
const APP_JS: &str = include_str!("static/app.js");
const STYLE_CSS: &str = include_str!("static/style.css");

/// What the page may load: only itself.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn static_file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CONTENT_SECURITY_POLICY, PAGE_POLICY),
        ],
        body,
    )
        .into_response()
}

async fn page_html() -> Response {
    static_file("text/html; charset=utf-8", INDEX_HTML)
}

async fn page_js() -> Response {
    static_file("text/javascript; charset=utf-8", APP_JS)
}

async fn page_css() -> Response {
    static_file("text/css; charset=utf-8", STYLE_CSS)
}

// ---------------------------------------------------------------------------
// Reading.

async fn health(State(state): State<ServeState>) -> Response {
    json(
        StatusCode::OK,
        &serde_json::json!({
            "status": "ok",
            "documents": state.served().map_or(0, |served| served.searcher.documents()),
            "writable": state.writable(),
        }),
    )
}

async fn stats(State(state): State<ServeState>) -> std::result::Result<Response, ApiError> {
    let index = state.served()?.index.clone();
    // Statistics walk every term: more time than a search is allowed.
    let limit = state
        .inner
        .options
        .query_timeout
        .max(Duration::from_secs(60));
    let stats = blocking(&state, limit, move || index.stats()).await?;
    Ok(json(StatusCode::OK, &stats))
}

async fn document(
    State(state): State<ServeState>,
    id: std::result::Result<UrlPath<String>, axum::extract::rejection::PathRejection>,
) -> std::result::Result<Response, ApiError> {
    let UrlPath(id) = id.map_err(|e| ApiError::bad_request(e.body_text()))?;
    let searcher = state.served()?.searcher.clone();
    let limit = state.inner.options.query_timeout;
    let lookup = id.clone();
    match blocking(&state, limit, move || searcher.document(&lookup)).await? {
        Some(article) => Ok(json(StatusCode::OK, &article)),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            format!("no document with id `{id}`"),
        )),
    }
}

/// The parameters of `GET /search`, checked.
fn search_options(
    params: &[(String, String)],
    options: &ServeOptions,
) -> std::result::Result<(String, SearchOptions), ApiError> {
    let mut query = None;
    let mut search = SearchOptions::default();
    let count = |name: &str, value: &str, most: usize| {
        let number: usize = value.trim().parse().map_err(|_| {
            ApiError::bad_request(format!("`{name}` must be a whole number, not `{value}`"))
        })?;
        if number > most {
            return Err(ApiError::bad_request(format!(
                "`{name}` may be at most {most}, not {number}"
            )));
        }
        Ok(number)
    };
    for (name, value) in params {
        match name.as_str() {
            "q" => {
                if value.len() > options.max_query_bytes {
                    return Err(ApiError::new(
                        StatusCode::URI_TOO_LONG,
                        format!(
                            "the query is {} bytes long; at most {} are accepted",
                            value.len(),
                            options.max_query_bytes
                        ),
                    ));
                }
                query = Some(value.clone());
            }
            "limit" => search.limit = count("limit", value, options.max_limit)?,
            "offset" => search.offset = count("offset", value, options.max_offset)?,
            "facets" => {
                for facet in value.split(',').filter(|name| !name.trim().is_empty()) {
                    let facet = facet.trim().parse::<Facet>()?;
                    if !search.facets.contains(&facet) {
                        search.facets.push(facet);
                    }
                }
            }
            "sort" => {
                search.sort = match value.as_str() {
                    "relevance" | "" => SortOrder::Relevance,
                    "date" => SortOrder::Date,
                    other => {
                        return Err(ApiError::bad_request(format!(
                            "`sort` is `relevance` or `date`, not `{other}`"
                        )))
                    }
                }
            }
            "recency" => {
                let days: f64 = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|d: &f64| d.is_finite() && *d > 0.0)
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "`recency` must be a positive number of days, not `{value}`"
                        ))
                    })?;
                search.recency_half_life_days = Some(days);
            }
            "exact" => {
                search.correct = match value.as_str() {
                    "true" | "1" | "" => false,
                    "false" | "0" => true,
                    other => {
                        return Err(ApiError::bad_request(format!(
                            "`exact` is `true` or `false`, not `{other}`"
                        )))
                    }
                }
            }
            // Unknown parameters (a cache-buster, say) are ignored.
            _ => {}
        }
    }
    let query = query.ok_or_else(|| ApiError::bad_request("the query parameter `q` is missing"))?;
    Ok((query, search))
}

/// A query string's parameters, in order, or why they cannot be read.
type Params =
    std::result::Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>;

/// The parameters, or the 400 of a query string that cannot be read.
fn read_params(params: Params) -> std::result::Result<Vec<(String, String)>, ApiError> {
    let Query(params) = params
        .map_err(|e| ApiError::bad_request(format!("bad query string: {}", e.body_text())))?;
    Ok(params)
}

async fn search(
    State(state): State<ServeState>,
    params: Params,
) -> std::result::Result<Response, ApiError> {
    let params = read_params(params)?;
    let (query, mut options) = search_options(&params, &state.inner.options)?;
    // One look at the index serves both: the synonyms are read with the
    // analyzer of the searcher that uses them.
    let served = state.served()?;
    options.synonyms = state.reload_synonyms(&served.index, false);
    let searcher = served.searcher.clone();
    let limit = state.inner.options.query_timeout;
    let results: SearchResults =
        blocking(&state, limit, move || searcher.search(&query, &options)).await?;
    for document in &results.unreadable {
        // The answer lists them too; the log tells whoever runs the server.
        eprintln!(
            "kosearch serve: GET /search left out `{}`: its stored article cannot be read ({})",
            document.id, document.reason
        );
    }
    Ok(json(StatusCode::OK, &results))
}

async fn suggest(
    State(state): State<ServeState>,
    params: Params,
) -> std::result::Result<Response, ApiError> {
    let params = read_params(params)?;
    // The same `q` and `limit` as a search's, checked the same way.
    let (typed, search) = search_options(&params, &state.inner.options)?;
    let served = state.served()?;
    let suggester = served
        .suggester
        .clone()
        .ok_or_else(|| Error::SuggestionsMissing {
            dir: served.index.dir().to_path_buf(),
        })?;
    let options = SuggestOptions {
        limit: if params.iter().any(|(name, _)| name == "limit") {
            search.limit
        } else {
            SuggestOptions::default().limit
        },
    };
    let limit = state.inner.options.query_timeout;
    let suggestions: Suggestions =
        blocking(&state, limit, move || suggester.suggest(&typed, &options)).await?;
    Ok(json(StatusCode::OK, &suggestions))
}

// ---------------------------------------------------------------------------
// Writing.

/// A request carrying the server's token. Checked before the body is read.
struct Authorized;

impl FromRequestParts<ServeState> for Authorized {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServeState,
    ) -> std::result::Result<Self, Self::Rejection> {
        let Some(token) = &state.inner.options.token else {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "writing is disabled: this server was started without a write token; once its operator \
                 sets one, send it as `Authorization: Bearer TOKEN`",
            ));
        };
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim);
        match given {
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "missing `Authorization: Bearer TOKEN` header",
            )),
            Some(given) if constant_time_eq(given.as_bytes(), token.as_bytes()) => Ok(Authorized),
            Some(_) => Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong token")),
        }
    }
}

/// Compares without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What `POST /documents` did.
#[derive(Debug, Default, Serialize)]
struct WriteReport {
    #[serde(flatten)]
    changes: ChangeCounts,
    skipped: usize,
    /// Documents in the index afterwards.
    documents: u64,
    /// One entry per skipped line.
    errors: Vec<LineError>,
    /// Documents read with a change (a value that could not be read as its
    /// field, kept under `_unread`; a title-only document), one entry per
    /// change.
    notices: Vec<LineError>,
}

#[derive(Debug, Serialize)]
struct LineError {
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    reason: String,
}

/// Reads a request body of at most `limit` bytes, each part of it arriving
/// within `pause` of the one before.
async fn read_body(
    headers: &axum::http::HeaderMap,
    body: Body,
    limit: usize,
    pause: Duration,
) -> std::result::Result<Bytes, ApiError> {
    use http_body_util::BodyExt;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the body is larger than this server's limit of {limit} bytes; send fewer documents at a time"
            ),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large());
    }
    let mut body = body;
    let mut bytes = Vec::new();
    loop {
        let frame = tokio::time::timeout(pause, body.frame())
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::REQUEST_TIMEOUT,
                    format!(
                        "the body stopped arriving for {} ms, this server's limit for a pause; send it without pauses",
                        pause.as_millis()
                    ),
                )
            })?;
        let Some(frame) = frame else {
            return Ok(Bytes::from(bytes));
        };
        let frame =
            frame.map_err(|e| ApiError::bad_request(format!("cannot read the body: {e}")))?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&data);
        }
    }
}

async fn post_documents(
    State(state): State<ServeState>,
    _authorized: Authorized,
    headers: axum::http::HeaderMap,
    body: Body,
) -> std::result::Result<Response, ApiError> {
    let options = &state.inner.options;
    let body = read_body(&headers, body, options.body_limit, options.body_timeout).await?;
    let writing = state.clone();
    let report = tokio::task::spawn_blocking(move || write(&writing, &body))
        .await
        .map_err(|join| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("internal error: {join}"),
            )
        })??;
    Ok(json(StatusCode::OK, &report))
}

/// Upserts the articles of a JSON Lines body and commits.
fn write(state: &ServeState, body: &[u8]) -> Result<WriteReport> {
    let inner = &state.inner;
    let mut report = WriteReport::default();
    let mut articles = Vec::new();
    let mut reader = JsonlReader::new(body, Path::new("<request>"), "", &FieldMap::default())
        .requiring_ids()
        .with_max_line_len(inner.options.max_document_size);
    for read in reader.by_ref() {
        match read {
            Ok(article) => articles.push(article),
            Err(skipped) => report.errors.push(LineError {
                line: skipped.line,
                id: skipped.id,
                reason: skipped.reason,
            }),
        }
    }
    report.skipped = report.errors.len();
    report.notices = reader
        .take_notices()
        .into_iter()
        .map(|notice| LineError {
            line: notice.line,
            id: notice.id,
            reason: notice.reason,
        })
        .collect();
    // A poisoned lock only means an earlier write panicked; the index is
    // at its last commit either way.
    let _writing = inner
        .writing
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let served = state.served()?;
    if !articles.is_empty() {
        let options = WriterOptions {
            threads: 1,
            memory_budget: 64 * 1024 * 1024,
            commit_every_docs: usize::MAX,
            commit_every: Duration::from_secs(u64::MAX / 4),
            ..WriterOptions::default()
        };
        let mut writer = served.index.writer(&options)?;
        for article in &articles {
            writer.upsert(article)?;
        }
        report.changes = writer.counts();
        if report.changes.added + report.changes.updated > 0 {
            writer.finish()?;
            served.searcher.reload()?;
            if let Some(suggester) = &served.suggester {
                suggester.reload()?;
            }
        }
    }
    report.documents = served.searcher.documents();
    Ok(report)
}
