//! The server's shared state: configuration, clock, signing key, the durable store, the
//! in-memory views of it that hot paths read (users, blacklist, forced expiries, the token
//! index), and the control plane's run-time parts (request log, faults, mock routes, events).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

use latchkey_api::events::Event;
use latchkey_api::routes::MockRoute;
use tokio::sync::{broadcast, watch};

use crate::clock::Clock;
use crate::config::{Config, Settings};
use crate::faults::Faults;
use crate::inspector::Inspector;
use crate::password::HashCost;
use crate::store::{Store, User};

/// Users by id and by username, mirrored from the store.
#[derive(Default)]
pub struct Users {
    by_id: HashMap<i64, Arc<User>>,
    by_name: HashMap<String, i64>,
}

impl Users {
    pub fn get(&self, id: i64) -> Option<Arc<User>> {
        self.by_id.get(&id).cloned()
    }

    pub fn by_username(&self, username: &str) -> Option<Arc<User>> {
        self.by_name.get(username).and_then(|id| self.get(*id))
    }

    pub fn contains_username(&self, username: &str) -> bool {
        self.by_name.contains_key(username)
    }

    pub fn insert(&mut self, user: User) -> Arc<User> {
        let user = Arc::new(user);
        if let Some(old) = self.by_id.get(&user.id) {
            self.by_name.remove(&old.username);
        }
        self.by_name.insert(user.username.clone(), user.id);
        self.by_id.insert(user.id, user.clone());
        user
    }

    pub fn remove(&mut self, id: i64) -> Option<Arc<User>> {
        let user = self.by_id.remove(&id)?;
        self.by_name.remove(&user.username);
        Some(user)
    }

    /// All users, by id.
    pub fn all(&self) -> Vec<Arc<User>> {
        let mut users: Vec<_> = self.by_id.values().cloned().collect();
        users.sort_by_key(|u| u.id);
        users
    }

    pub fn clear(&mut self) {
        self.by_id.clear();
        self.by_name.clear();
    }
}

/// What the hot paths need to know of an issued token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenMeta {
    pub session_id: Arc<str>,
    pub user_id: i64,
}

/// What a successful rotation answered, replayed to the rotated-out refresh token within
/// `refresh_reuse_grace`.
#[derive(Debug)]
pub struct RotationReplay {
    pub access_jti: String,
    pub refresh_jti: String,
    pub user_id: i64,
    /// The `Set-Cookie` values of the first answer, byte for byte.
    pub cookies: Vec<String>,
}

/// The first answer to a rotation, once it is known (`None` while the store writes it).
pub type ReplaySlot = watch::Receiver<Option<Arc<RotationReplay>>>;

/// The rotation's side of a [`ReplaySlot`].
pub type ReplaySender = watch::Sender<Option<Arc<RotationReplay>>>;

struct ReuseEntry {
    /// Emulator time (epoch seconds) until which the old token replays.
    until: i64,
    slot: ReplaySlot,
}

/// Bound of the replay map: beyond it, the entries closest to their end are dropped first.
const REUSE_CAP: usize = 4096;

/// Outcome of [`AppState::claim_rotation`].
pub enum RotationClaim {
    /// This request rotates; with a grace window it publishes its answer on the sender.
    Won(Option<ReplaySender>),
    /// Another request rotated this token; its answer, when inside a grace window.
    Lost(Option<ReplaySlot>),
}

pub struct Inner {
    pub clock: Clock,
    pub store: Store,
    pub hash_cost: HashCost,
    /// The HS256 key actually in use (configured or generated).
    pub signing_key: Vec<u8>,
    /// The `--seed` file, re-applied by `POST /reset` with `{"seed": true}`.
    pub seed: Option<PathBuf>,
    /// Request log of the inspector.
    pub inspector: Inspector,
    pub faults: Faults,
    /// Live events; slow subscribers lag (drop-oldest) instead of slowing the auth API.
    pub events: broadcast::Sender<Event>,
    config: Mutex<Config>,
    settings: RwLock<Arc<Settings>>,
    users: RwLock<Users>,
    blacklist: RwLock<HashSet<String>>,
    /// jti → when the control plane made it expire early.
    forced_expired: RwLock<HashMap<String, i64>>,
    /// jti → session and user, for every token Latchkey issued.
    tokens: RwLock<HashMap<String, TokenMeta>>,
    /// session → last time one of its tokens authenticated a request (not persisted).
    last_used: Mutex<HashMap<Arc<str>, i64>>,
    routes: RwLock<Arc<Vec<MockRoute>>>,
    /// Rotated-out refresh jti → the answer its rotation gave (refresh_reuse_grace).
    reuse: Mutex<HashMap<String, ReuseEntry>>,
}

/// Cheap to clone: every handler gets one.
#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

// A poisoned lock only means another request panicked mid-update of an in-memory mirror;
// the data is still usable, so keep serving rather than turning every request into a 500.
pub(crate) fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Everything [`AppState::load`] needs besides the store.
pub struct Parts {
    pub clock: Clock,
    pub config: Config,
    pub signing_key: Vec<u8>,
    pub hash_cost: HashCost,
    pub routes: Vec<MockRoute>,
}

impl AppState {
    /// Loads the in-memory mirrors from the store.
    pub async fn load(store: Store, parts: Parts) -> anyhow::Result<AppState> {
        let (events, _) = broadcast::channel(1024);
        let state = AppState(Arc::new(Inner {
            clock: parts.clock,
            hash_cost: parts.hash_cost,
            signing_key: parts.signing_key,
            seed: parts.config.seed.clone(),
            inspector: Inspector::new(parts.config.request_log_size),
            faults: Faults::default(),
            events,
            settings: RwLock::new(Arc::new(parts.config.settings.clone())),
            config: Mutex::new(parts.config),
            users: RwLock::default(),
            blacklist: RwLock::default(),
            forced_expired: RwLock::default(),
            tokens: RwLock::default(),
            last_used: Mutex::default(),
            routes: RwLock::new(Arc::new(parts.routes)),
            reuse: Mutex::default(),
            store,
        }));
        state.reload().await?;
        Ok(state)
    }

    /// Rebuilds every in-memory mirror from the store (at start, after reset or import).
    pub async fn reload(&self) -> anyhow::Result<()> {
        let mut users = Users::default();
        for u in self.store.users().await? {
            users.insert(u);
        }
        *write(&self.users) = users;
        *write(&self.blacklist) = self.store.blacklisted_jtis().await?.into_iter().collect();
        *write(&self.forced_expired) = self.store.forced_expired().await?.into_iter().collect();
        *write(&self.tokens) = self
            .store
            .token_index()
            .await?
            .into_iter()
            .map(|(jti, session, user_id)| {
                (
                    jti,
                    TokenMeta {
                        session_id: session.into(),
                        user_id,
                    },
                )
            })
            .collect();
        lock(&self.last_used).clear();
        lock(&self.reuse).clear();
        Ok(())
    }

    /// Publishes a live event (nobody listening is fine).
    pub fn emit(&self, event: Event) {
        let _ = self.events.send(event);
    }

    /// A consistent snapshot of the settings for one request.
    pub fn settings(&self) -> Arc<Settings> {
        read(&self.settings).clone()
    }

    /// The configuration (with each key's source) for the control plane to read or change;
    /// call [`AppState::publish_settings`] after changing it.
    pub fn config(&self) -> MutexGuard<'_, Config> {
        lock(&self.config)
    }

    /// Makes the configuration's current settings the ones requests see.
    pub fn publish_settings(&self, config: &Config) {
        *write(&self.settings) = Arc::new(config.settings.clone());
    }

    pub fn users(&self) -> RwLockReadGuard<'_, Users> {
        read(&self.users)
    }

    pub fn users_mut(&self) -> RwLockWriteGuard<'_, Users> {
        write(&self.users)
    }

    pub fn is_blacklisted(&self, jti: &str) -> bool {
        read(&self.blacklist).contains(jti)
    }

    /// Blacklists durably, then in memory.
    pub async fn blacklist(&self, jti: &str, reason: &str) -> anyhow::Result<()> {
        self.store.blacklist(jti, self.clock.now(), reason).await?;
        write(&self.blacklist).insert(jti.to_string());
        Ok(())
    }

    /// Marks jtis blacklisted in memory (after the store has recorded them).
    pub fn mark_blacklisted<'a>(&self, jtis: impl IntoIterator<Item = &'a str>) {
        let mut set = write(&self.blacklist);
        for jti in jtis {
            set.insert(jti.to_string());
        }
    }

    /// Blacklists a jti in memory before it is written; false if it already was. The caller
    /// writes it to the store, or calls [`AppState::unclaim_blacklist`] when that fails.
    pub fn claim_for_blacklist(&self, jti: &str) -> bool {
        write(&self.blacklist).insert(jti.to_string())
    }

    pub fn unclaim_blacklist(&self, jti: &str) {
        lock(&self.reuse).remove(jti);
        write(&self.blacklist).remove(jti);
    }

    /// [`AppState::claim_for_blacklist`] for a rotation: of concurrent rotations of one token
    /// exactly one wins. With `grace_until` the winner also opens a replay slot, in the same
    /// critical section, so that any request that then finds the jti blacklisted finds the
    /// slot too (see [`AppState::replay_slot`]).
    pub fn claim_rotation(&self, jti: &str, grace_until: Option<i64>, now: i64) -> RotationClaim {
        let mut reuse = lock(&self.reuse);
        if !self.claim_for_blacklist(jti) {
            return RotationClaim::Lost(
                reuse
                    .get(jti)
                    .filter(|e| e.until > now)
                    .map(|e| e.slot.clone()),
            );
        }
        let Some(until) = grace_until else {
            return RotationClaim::Won(None);
        };
        if reuse.len() >= REUSE_CAP {
            reuse.retain(|_, e| e.until > now);
        }
        while reuse.len() >= REUSE_CAP {
            let Some(oldest) = reuse
                .iter()
                .min_by_key(|(_, e)| e.until)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            reuse.remove(&oldest);
        }
        let (tx, slot) = watch::channel(None);
        reuse.insert(jti.to_string(), ReuseEntry { until, slot });
        RotationClaim::Won(Some(tx))
    }

    /// The replay slot of a rotated-out refresh jti still inside its grace window.
    pub fn replay_slot(&self, jti: &str, now: i64) -> Option<ReplaySlot> {
        lock(&self.reuse)
            .get(jti)
            .filter(|e| e.until > now)
            .map(|e| e.slot.clone())
    }

    /// Whether the control plane expired this token early.
    pub fn is_forced_expired(&self, jti: &str) -> bool {
        read(&self.forced_expired).contains_key(jti)
    }

    /// Marks jtis expired in memory (after the store has recorded them).
    pub fn mark_forced_expired<'a>(&self, jtis: impl IntoIterator<Item = &'a str>, at: i64) {
        let mut map = write(&self.forced_expired);
        for jti in jtis {
            map.entry(jti.to_string()).or_insert(at);
        }
    }

    /// Remembers tokens Latchkey issued (after the store has recorded them).
    pub fn index_tokens<'a>(
        &self,
        session_id: &str,
        user_id: i64,
        jtis: impl IntoIterator<Item = &'a str>,
    ) {
        let session: Arc<str> = session_id.into();
        let mut map = write(&self.tokens);
        for jti in jtis {
            map.insert(
                jti.to_string(),
                TokenMeta {
                    session_id: session.clone(),
                    user_id,
                },
            );
        }
    }

    /// The session a token belongs to, when Latchkey issued it.
    pub fn token_meta(&self, jti: &str) -> Option<TokenMeta> {
        read(&self.tokens).get(jti).cloned()
    }

    /// Records that a session's token authenticated a request now.
    pub fn touch_session(&self, session: &Arc<str>) {
        lock(&self.last_used).insert(session.clone(), self.clock.now());
    }

    pub fn last_used(&self, session: &str) -> Option<i64> {
        lock(&self.last_used).get(session).copied()
    }

    pub fn mock_routes(&self) -> Arc<Vec<MockRoute>> {
        read(&self.routes).clone()
    }

    pub fn set_mock_routes(&self, routes: Vec<MockRoute>) {
        *write(&self.routes) = Arc::new(routes);
    }
}
