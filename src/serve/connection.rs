//! Accepting and serving connections, with bounds for slow and stalled
//! clients, and the shutdown.
//!
//! | bound | [`ServeOptions`] field | past it |
//! |---|---|---|
//! | a request's headers, and the wait for the next request on a kept-alive connection | `header_timeout` (10 s) | the connection is closed |
//! | a pause in a request body | `body_timeout` (10 s) | 408, as JSON |
//! | a pause in a client's reading of a response | `body_timeout` | the connection is closed |
//! | connections open at once | `max_connections` (256) | new ones wait in the listen queue until one closes |
//!
//! A request line or headers too large for the HTTP parser (a URI over 64
//! KiB, headers over about 400 KB) and malformed requests are answered by
//! hyper itself, without a body; [`ClientIo`] gives those answers the
//! server's JSON error body.
//!
//! On shutdown the server stops accepting, closes idle connections and
//! connections still sending a request at once, lets answers under way
//! finish for up to `shutdown_grace` (5 s), and then closes the rest.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use axum::Router;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tower_service::Service;

use super::{error_body, ServeOptions};

/// Serves `router` on `listener` until `shutdown` completes, then shuts
/// down as the [module documentation](self) says.
pub(super) async fn serve(
    listener: TcpListener,
    router: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) {
    let options = Arc::new(options);
    let slots = Arc::new(Semaphore::new(options.max_connections.max(1)));
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // Finished connections leave the set as they go.
        while connections.try_join_next().is_some() {}
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // A connection that failed before it was accepted is the
                    // client's; out of file descriptors, wait for some.
                    if !matches!(
                        err.kind(),
                        io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
                    ) {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
        };
        connections.spawn(connection(
            stream,
            router.clone(),
            Arc::clone(&options),
            stopping.clone(),
            slot,
        ));
    }
    drop(listener);
    let _ = stop.send(true);
    let finished = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(options.shutdown_grace, finished)
        .await
        .is_err()
    {
        connections.abort_all();
    }
}

/// Serves one connection; `_slot` is its place among
/// [`ServeOptions::max_connections`].
async fn connection(
    stream: TcpStream,
    router: Router,
    options: Arc<ServeOptions>,
    mut stopping: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(ClientIo::new(stream, Arc::clone(&options)));
    // Requests of this connection being answered, their bodies included.
    let busy = Arc::new(AtomicUsize::new(0));
    let service = {
        let busy = Arc::clone(&busy);
        hyper::service::service_fn(move |request: Request<Incoming>| {
            let busy = Busy::enter(&busy);
            let answer = router.clone().call(request.map(Body::new));
            async move {
                let response = answer.await?;
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| BusyBody { body, _busy: busy }),
                )
            }
        })
    };
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_timeout)
        .keep_alive(true);
    let connection = builder.serve_connection(io, service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        _ = stopping.wait_for(|stop| *stop) => {}
    }
    connection.as_mut().graceful_shutdown();
    if busy.load(Ordering::Acquire) == 0 {
        // Idle, or still sending its request: closed now.
        return;
    }
    // The answer under way finishes (the server cuts it after the grace).
    let _ = connection.await;
}

/// Counts a request as being answered while it lives.
struct Busy(Arc<AtomicUsize>);

impl Busy {
    fn enter(count: &Arc<AtomicUsize>) -> Busy {
        count.fetch_add(1, Ordering::AcqRel);
        Busy(Arc::clone(count))
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A response body that keeps its request counted as being answered until
/// it is sent (hyper drops it then).
struct BusyBody {
    body: Body,
    _busy: Busy,
}

impl hyper::body::Body for BusyBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A client's socket as hyper reads and writes it: a write that makes no
/// progress for [`ServeOptions::body_timeout`] fails (the connection
/// closes), and hyper's own answers to requests it cannot parse get the
/// server's JSON error body.
struct ClientIo {
    stream: TcpStream,
    options: Arc<ServeOptions>,
    /// Set while a write waits for the client.
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
    /// An answer replacing one of hyper's, and how much of it is written.
    replacement: Vec<u8>,
    written: usize,
}

impl ClientIo {
    fn new(stream: TcpStream, options: Arc<ServeOptions>) -> Self {
        ClientIo {
            stream,
            options,
            stalled: None,
            replacement: Vec::new(),
            written: 0,
        }
    }

    /// `poll` of a write, failing once the write has waited for the client
    /// longer than the timeout.
    fn within_timeout<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let timeout = self.options.body_timeout;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match stalled.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading the response",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Writes what is left of a replacement answer.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.replacement.len() {
            let poll = Pin::new(&mut self.stream).poll_write(cx, &self.replacement[self.written..]);
            let n = ready!(self.within_timeout(cx, poll))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for ClientIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for ClientIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        if let Some(answer) = json_answer(buf, &this.options) {
            // Taken whole, written by the calls that follow (hyper flushes
            // and shuts the connection down after such an answer).
            this.replacement = answer;
            this.written = 0;
            return Poll::Ready(Ok(buf.len()));
        }
        let poll = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.within_timeout(cx, poll)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        Pin::new(&mut this.stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        Pin::new(&mut this.stream).poll_shutdown(cx)
    }

    // One buffer a write, so that an answer's head is seen whole.
    fn is_write_vectored(&self) -> bool {
        false
    }
}

/// The JSON answer replacing `written` when it is one of hyper's own
/// answers to a request it could not parse: a whole head with status 400,
/// 414 or 431 and no body. The server's own answers always have a body.
fn json_answer(written: &[u8], options: &ServeOptions) -> Option<Vec<u8>> {
    let head = std::str::from_utf8(written.strip_suffix(b"\r\n\r\n")?).ok()?;
    if head.contains("\r\n\r\n") || !head.contains("\r\ncontent-length: 0") {
        return None;
    }
    let status_line = head.lines().next()?;
    let code = status_line.strip_prefix("HTTP/1.")?.get(2..5)?;
    let status = StatusCode::from_bytes(code.as_bytes()).ok()?;
    let message = match status {
        StatusCode::URI_TOO_LONG => format!(
            "the URI is too long for the server (over 64 KiB); a query `q` may have at most {} bytes",
            options.max_query_bytes
        ),
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => {
            "the request's headers are too large".to_string()
        }
        StatusCode::BAD_REQUEST => "the request is not valid HTTP/1.1".to_string(),
        _ => return None,
    };
    let body = error_body(status, &message);
    let head = head.replacen(
        "\r\ncontent-length: 0",
        &format!(
            "\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}",
            body.len()
        ),
        1,
    );
    let mut answer = head.into_bytes();
    answer.extend_from_slice(b"\r\n\r\n");
    answer.extend_from_slice(&body);
    Some(answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hypers_bodiless_error_answers_get_the_json_body() {
        let options = ServeOptions::default();
        let head = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: Sat, 06 Dec 2025 20:00:00 GMT\r\n\r\n";
        let answer = String::from_utf8(json_answer(head, &options).unwrap()).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{head}");
        assert!(
            head.contains(&format!("content-length: {}", body.len())),
            "{head}"
        );
        assert!(head.contains("date: "));
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(body["status"], 414);
        assert!(body["error"].as_str().unwrap().contains("4096"));
        // The server's own answers, with a body, and other statuses pass.
        for written in [
            &b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 52\r\n\r\n{}"[..],
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
            b"{\"id\": \"HTTP/1.1 414\"}",
        ] {
            assert!(json_answer(written, &options).is_none());
        }
    }
}
