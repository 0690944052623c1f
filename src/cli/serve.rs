//! `kosearch serve`: the HTTP JSON API and search page.

use std::io::Write;
use std::time::Duration;

use kosearch::dictionary::DictionaryMemory;
use kosearch::index::Index;
use kosearch::serve::{ServeOptions, Server};
use kosearch::Error;

use super::terminal::safe;
use super::{exit, Context, ServeArgs};

pub(crate) fn serve(context: &Context, args: &ServeArgs) -> kosearch::Result<u8> {
    let dictionary = context.dictionary(DictionaryMemory::Resident)?;
    let index = Index::open_with(&args.index.dir, &dictionary)?;
    let defaults = ServeOptions::default();
    let options = ServeOptions {
        addr: args.addr,
        token: args.token.clone().filter(|token| !token.is_empty()),
        body_limit: args.body_limit,
        max_document_size: args.max_document_size,
        max_query_bytes: args.max_query_bytes,
        query_timeout: Duration::from_millis(args.query_timeout_ms.max(1)),
        max_concurrent_searches: match args.max_concurrent_searches {
            0 => defaults.max_concurrent_searches,
            n => n,
        },
        header_timeout: Duration::from_millis(args.header_timeout_ms.max(1)),
        body_timeout: Duration::from_millis(args.body_timeout_ms.max(1)),
        max_connections: args.max_connections.max(1),
        synonyms: args.synonyms.path.clone(),
        ..defaults
    };
    let writable = options.token.is_some();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("<tokio runtime>", e))?;
    let result = runtime.block_on(async {
        let server = Server::bind(index, options).await?;
        let addr = server.local_addr();
        // One parseable line on standard output, flushed at once: scripts
        // and tests read the port from it.
        println!("listening on http://{addr}");
        let _ = std::io::stdout().flush();
        eprintln!(
            "kosearch: serving {} ({}); Ctrl-C stops",
            safe(args.index.dir.display()),
            if writable {
                "POST /documents enabled"
            } else {
                "read-only: --token or KOSEARCH_TOKEN enables POST /documents"
            }
        );
        if !addr.ip().is_loopback() {
            eprintln!("kosearch: warning: listening on {addr}, not on loopback: the index is reachable from the network");
        }
        server.run().await
    });
    // Searches still running on blocking threads are not waited for long.
    runtime.shutdown_timeout(Duration::from_secs(1));
    result.map(|()| exit::OK)
}
