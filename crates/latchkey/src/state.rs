//! The server's shared state: settings, clock, signing key, the durable store and the
//! in-memory views of it that hot paths read (users, blacklist).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::clock::Clock;
use crate::config::Settings;
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
}

pub struct Inner {
    pub clock: Clock,
    pub store: Store,
    pub hash_cost: HashCost,
    /// The HS256 key actually in use (configured or generated).
    pub signing_key: Vec<u8>,
    settings: RwLock<Arc<Settings>>,
    users: RwLock<Users>,
    blacklist: RwLock<HashSet<String>>,
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
fn read<T>(lock: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|e| e.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|e| e.into_inner())
}

impl AppState {
    /// Loads the in-memory mirrors from the store.
    pub async fn load(
        store: Store,
        clock: Clock,
        settings: Settings,
        signing_key: Vec<u8>,
        hash_cost: HashCost,
    ) -> anyhow::Result<AppState> {
        let mut users = Users::default();
        for u in store.users().await? {
            users.insert(u);
        }
        let blacklist = store.blacklisted_jtis().await?.into_iter().collect();
        Ok(AppState(Arc::new(Inner {
            clock,
            store,
            hash_cost,
            signing_key,
            settings: RwLock::new(Arc::new(settings)),
            users: RwLock::new(users),
            blacklist: RwLock::new(blacklist),
        })))
    }

    /// A consistent snapshot of the settings for one request.
    pub fn settings(&self) -> Arc<Settings> {
        read(&self.settings).clone()
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
    pub async fn blacklist(&self, jti: &str) -> anyhow::Result<()> {
        self.store.blacklist(jti, self.clock.now()).await?;
        self.mark_blacklisted(jti);
        Ok(())
    }

    /// Marks a jti blacklisted in memory (after the store has recorded it).
    pub fn mark_blacklisted(&self, jti: &str) {
        write(&self.blacklist).insert(jti.to_string());
    }

    /// Blacklists a jti in memory before it is written; false if it already was. The caller
    /// writes it to the store, or calls [`AppState::unclaim_blacklist`] when that fails.
    pub fn claim_for_blacklist(&self, jti: &str) -> bool {
        write(&self.blacklist).insert(jti.to_string())
    }

    pub fn unclaim_blacklist(&self, jti: &str) {
        write(&self.blacklist).remove(jti);
    }
}
