//! The interpreter's host in the page: socket calls go through the page's
//! one WebSocket (so every call shows in the console, the socket table and
//! the timeline like a clicked one), `print` goes to the Python panel, and
//! the learner's Step and Stop buttons act between statements.

use crate::hooks::calls::Answer;
use crate::hooks::use_relay::{now_ms, PyCall};
use futures::channel::oneshot;
use futures::future::{select, Either};
use interp::{Host, HostError, Scope, Stream};
use shared::{Op, OpResult, Rejection};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use yew::platform::time::sleep;
use yew::Callback;

/// Statements run between two yields to the browser, so a long loop keeps
/// the page responsive (and its Stop button working).
const YIELD_EVERY: u32 = 500;

/// How often a call refused for the op rate is retried, 100 ms apart.
const RATE_RETRIES: u32 = 50;

/// Where a stepping script stands, for the editor.
#[derive(Clone, Debug, PartialEq)]
pub struct Paused {
    /// The line about to run.
    pub line: u32,
    /// The variables and their reprs.
    pub variables: Vec<(String, String)>,
}

/// One run's controls, shared by the host and the page's buttons.
#[derive(Default)]
pub struct Control {
    stopped: Cell<bool>,
    stepping: Cell<bool>,
    /// Fired by Step: the paused script runs one statement.
    step: RefCell<Option<oneshot::Sender<()>>>,
    /// Fired by Stop: everything the script waits on gives up.
    stop: RefCell<Vec<oneshot::Sender<()>>>,
    /// The call the script waits in, if any (`s1.accept`), to say on Stop
    /// that the relay still runs it.
    waiting: RefCell<Option<String>>,
}

impl Control {
    /// A run that pauses before every statement (`stepping`) or not.
    pub fn new(stepping: bool) -> Rc<Control> {
        let c = Control::default();
        c.stepping.set(stepping);
        Rc::new(c)
    }

    /// Runs the next statement of a paused script.
    pub fn step(&self) {
        if let Some(s) = self.step.borrow_mut().take() {
            let _ = s.send(());
        }
    }

    /// Stops pausing and runs to the end.
    pub fn resume(&self) {
        self.stepping.set(false);
        self.step();
    }

    /// Stops the run: at the next statement, or now if it waits.
    pub fn stop(&self) {
        self.stopped.set(true);
        self.step();
        for s in self.stop.borrow_mut().drain(..) {
            let _ = s.send(());
        }
    }

    /// Whether Stop was pressed.
    pub fn is_stopped(&self) -> bool {
        self.stopped.get()
    }

    /// The call the script was waiting in when it stopped, if any.
    pub fn waiting_in(&self) -> Option<String> {
        self.waiting.borrow().clone()
    }

    /// A receiver that fires on Stop.
    fn on_stop(&self) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        if self.stopped.get() {
            let _ = tx.send(());
        } else {
            let mut waiters = self.stop.borrow_mut();
            // Waits that ended dropped their receivers: forget them.
            waiters.retain(|s| !s.is_canceled());
            waiters.push(tx);
        }
        rx
    }
}

/// The page's host for one interpreter.
pub struct PageHost {
    call: Callback<PyCall>,
    out: Callback<(Stream, String)>,
    pause: Callback<Paused>,
    line: Callback<u32>,
    /// The current run's controls (replaced for every run).
    pub control: Rc<Control>,
    /// The current run's source lines, to label each call with its line.
    pub source: Rc<Vec<String>>,
    current: u32,
    since_yield: u32,
}

impl PageHost {
    /// A host sending calls through `call`, printing through `out`,
    /// reporting pauses through `pause` and the line of each call through
    /// `line`.
    pub fn new(
        call: Callback<PyCall>,
        out: Callback<(Stream, String)>,
        pause: Callback<Paused>,
        line: Callback<u32>,
    ) -> Self {
        PageHost {
            call,
            out,
            pause,
            line,
            control: Control::new(false),
            source: Rc::new(Vec::new()),
            current: 0,
            since_yield: 0,
        }
    }

    /// Starts a run of `source` with `control`.
    pub fn start(&mut self, source: &str, control: Rc<Control>) {
        self.control = control;
        self.source = Rc::new(source.lines().map(str::to_string).collect());
        self.current = 0;
    }

    /// Waits for `rx` unless Stop comes first.
    async fn unless_stopped<T>(&self, rx: oneshot::Receiver<T>) -> Result<T, HostError> {
        match select(rx, self.control.on_stop()).await {
            Either::Left((Ok(v), _)) => Ok(v),
            Either::Left((Err(_), _)) => Err(HostError::Lost("the page dropped the call".into())),
            Either::Right(_) => Err(HostError::Stopped),
        }
    }
}

impl Host for PageHost {
    async fn call(&mut self, op: Op) -> Result<OpResult, HostError> {
        let origin = self
            .source
            .get((self.current as usize).wrapping_sub(1))
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty());
        self.line.emit(self.current);
        let mut tries = 0;
        loop {
            if self.control.is_stopped() {
                return Err(HostError::Stopped);
            }
            let (reply, rx) = oneshot::channel();
            self.call.emit(PyCall {
                op: op.clone(),
                origin: origin.clone(),
                origin_is_source: true,
                reply,
            });
            *self.control.waiting.borrow_mut() = Some(op.name().to_string());
            let answer = self.unless_stopped(rx).await;
            if answer.is_ok() {
                *self.control.waiting.borrow_mut() = None;
            }
            match answer? {
                Answer::Result(r) => return Ok(*r),
                // The relay paces every session; a script keeps to the pace.
                Answer::Rejected(Rejection::Limit { limit, .. })
                    if limit == "ops_per_second" && tries < RATE_RETRIES =>
                {
                    tries += 1;
                    sleep(Duration::from_millis(100)).await;
                }
                Answer::Rejected(reason) => {
                    return Err(HostError::Rejected {
                        op: op.name().to_string(),
                        reason,
                    })
                }
                Answer::Lost(why) => return Err(HostError::Lost(why)),
            }
        }
    }

    fn write(&mut self, stream: Stream, text: &str) {
        self.out.emit((stream, text.to_string()));
    }

    async fn sleep(&mut self, secs: f64) -> Result<(), HostError> {
        let (tx, rx) = oneshot::channel();
        yew::platform::spawn_local(async move {
            sleep(Duration::try_from_secs_f64(secs).unwrap_or(Duration::ZERO)).await;
            let _ = tx.send(());
        });
        self.unless_stopped(rx).await
    }

    fn monotonic(&self) -> f64 {
        now_ms() / 1000.0
    }

    fn time(&self) -> f64 {
        js_sys::Date::now() / 1000.0
    }

    async fn before_statement(&mut self, line: u32, scope: &Scope<'_>) -> Result<(), HostError> {
        if self.control.is_stopped() {
            return Err(HostError::Stopped);
        }
        self.current = line;
        if self.control.stepping.get() {
            self.pause.emit(Paused {
                line,
                variables: scope.variables(),
            });
            let (tx, rx) = oneshot::channel();
            *self.control.step.borrow_mut() = Some(tx);
            self.unless_stopped(rx).await?;
            self.since_yield = 0;
            return if self.control.is_stopped() {
                Err(HostError::Stopped)
            } else {
                Ok(())
            };
        }
        self.since_yield += 1;
        if self.since_yield >= YIELD_EVERY {
            self.since_yield = 0;
            sleep(Duration::ZERO).await;
        }
        Ok(())
    }
}
