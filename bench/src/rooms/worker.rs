//! A member that runs on its own OS thread, with its own single-threaded
//! runtime, and does jobs the main thread hands it.
//!
//! The fairness bench needs this: a flooding client and the victim it is
//! measured against must not share one event loop in this process, or the
//! victim's latency would include waiting behind the flooder's own work
//! here rather than in the relay.

use crate::member::Member;
use anyhow::{anyhow, Context as _, Result};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// What a worker does: set itself up once, then answer jobs one at a time.
pub trait Role: Send + 'static {
    /// A job.
    type Job: Send + 'static;
    /// Its answer.
    type Out: Send + 'static;
    /// After the member joined its room.
    #[allow(async_fn_in_trait)] // used only inside `block_on` on its thread
    async fn setup(&mut self, m: &mut Member) -> Result<()>;
    /// One job; every job must end in bounded time.
    #[allow(async_fn_in_trait)]
    async fn job(&mut self, m: &mut Member, job: Self::Job) -> Result<Self::Out>;
}

type Reply<T> = oneshot::Sender<Result<T>>;

/// Where a worker's jobs arrive, each with where to send its answer.
type Jobs<R> = mpsc::UnboundedSender<(<R as Role>::Job, Reply<<R as Role>::Out>)>;

/// A running worker thread; [`Worker::stop`] ends it and waits for it.
pub struct Worker<R: Role> {
    name: String,
    jobs: Option<Jobs<R>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl<R: Role> Worker<R> {
    /// Starts `role` as member `member_name` of room `code` on the relay
    /// at `relay`, on a new thread; returns once it is set up.
    pub async fn start(
        name: &str,
        relay: SocketAddr,
        code: &str,
        member_name: &str,
        mut role: R,
    ) -> Result<Worker<R>> {
        let (jobs_tx, mut jobs) = mpsc::unbounded_channel::<(R::Job, Reply<R::Out>)>();
        let (ready_tx, ready) = oneshot::channel::<Result<()>>();
        let code = code.to_string();
        let member_name = member_name.to_string();
        let thread = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let rt = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(rt) => rt,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.into()));
                        return;
                    }
                };
                rt.block_on(async move {
                    let setup = async {
                        let mut m = Member::connect(relay).await?;
                        m.join_room(&code, &member_name, true).await?;
                        role.setup(&mut m).await?;
                        anyhow::Ok(m)
                    };
                    let mut m = match setup.await {
                        Ok(m) => {
                            let _ = ready_tx.send(Ok(()));
                            m
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e));
                            return;
                        }
                    };
                    // Ends when the main thread drops the sender, or when
                    // the session fails (the next job then learns it).
                    loop {
                        tokio::select! {
                            job = jobs.recv() => {
                                let Some((job, reply)) = job else { break };
                                let r = role.job(&mut m, job).await;
                                let failed = r.is_err();
                                let _ = reply.send(r);
                                if failed {
                                    break;
                                }
                            }
                            r = m.drain_until(Instant::now() + Duration::from_millis(200)) => {
                                if r.is_err() {
                                    break;
                                }
                            }
                        }
                    }
                    m.close().await;
                });
            })
            .with_context(|| format!("starting the {name} thread"))?;
        let worker = Worker {
            name: name.to_string(),
            jobs: Some(jobs_tx),
            thread: Some(thread),
        };
        ready
            .await
            .map_err(|_| anyhow!("the {name} thread ended during set-up"))?
            .with_context(|| format!("setting up the {name}"))?;
        Ok(worker)
    }

    /// Hands the worker `job` and waits (at most `limit`) for its answer.
    pub async fn ask(&self, job: R::Job, limit: Duration) -> Result<R::Out> {
        let name = &self.name;
        let (tx, rx) = oneshot::channel();
        self.jobs
            .as_ref()
            .ok_or_else(|| anyhow!("the {name} was stopped"))?
            .send((job, tx))
            .map_err(|_| anyhow!("the {name} thread has ended"))?;
        tokio::time::timeout(limit, rx)
            .await
            .with_context(|| format!("the {name} did not answer within {limit:?}"))?
            .map_err(|_| anyhow!("the {name} thread ended without an answer"))?
            .with_context(|| format!("the {name}"))
    }
}

impl<R: Role> Worker<R> {
    /// Ends the thread and waits for it: it finishes its current job (every
    /// job is bounded), then closes its WebSocket (at most 2 s).
    pub fn stop(mut self) {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl<R: Role> Drop for Worker<R> {
    /// Without [`Worker::stop`] (an error, Ctrl-C): the channel closes, so
    /// the thread ends by itself after its current job; nothing waits for
    /// it, and the process's exit ends it in any case.
    fn drop(&mut self) {
        self.jobs = None;
    }
}
