//! `join_all` for a vector of futures polled together on the current task (the futures
//! borrow the probe's environment, so they cannot be spawned).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

struct JoinAll<F: Future> {
    futures: Vec<Option<Pin<Box<F>>>>,
    outputs: Vec<Option<F::Output>>,
}

// The futures are boxed and the outputs are never pinned, so moving the struct is fine.
impl<F: Future> Unpin for JoinAll<F> {}

impl<F: Future> Future for JoinAll<F> {
    type Output = Vec<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        for (i, slot) in this.futures.iter_mut().enumerate() {
            if let Some(f) = slot
                && let Poll::Ready(out) = f.as_mut().poll(cx)
            {
                this.outputs[i] = Some(out);
                *slot = None;
            }
        }
        if this.futures.iter().all(Option::is_none) {
            Poll::Ready(this.outputs.drain(..).flatten().collect())
        } else {
            Poll::Pending
        }
    }
}

/// Runs all futures concurrently and returns their outputs in order.
pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let outputs = futures.iter().map(|_| None).collect();
    JoinAll {
        futures: futures.into_iter().map(|f| Some(Box::pin(f))).collect(),
        outputs,
    }
    .await
}
