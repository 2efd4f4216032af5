//! Fault injection: per auth (or mock) route, added latency, a forced status, or a dropped
//! connection, for the next N requests or until cleared. Never applied to `/_latchkey/`.

use std::sync::Mutex;

use latchkey_api::faults::{Fault, FaultCreate};

use crate::state::lock;

#[derive(Default)]
pub struct Faults {
    list: Mutex<Vec<Fault>>,
    next_id: Mutex<u64>,
}

impl Faults {
    pub fn add(&self, spec: FaultCreate) -> Fault {
        let id = {
            let mut n = lock(&self.next_id);
            *n += 1;
            format!("f{n}")
        };
        let fault = Fault {
            id,
            route: spec.route,
            status: spec.status,
            latency_ms: spec.latency_ms.unwrap_or(0),
            drop: spec.drop.unwrap_or(false),
            remaining: spec.count,
            hits: 0,
        };
        lock(&self.list).push(fault.clone());
        fault
    }

    pub fn list(&self) -> Vec<Fault> {
        lock(&self.list).clone()
    }

    /// Removes one fault; false if there was none with that id.
    pub fn remove(&self, id: &str) -> bool {
        let mut list = lock(&self.list);
        let before = list.len();
        list.retain(|f| f.id != id);
        list.len() != before
    }

    pub fn clear(&self) {
        lock(&self.list).clear();
    }

    /// The fault that applies to a request for `route` (the path relative to the prefix, or
    /// the absolute path of a mock route), consuming one of its uses. `*` faults apply only
    /// when the path is a view (`is_view`). The first matching fault wins; one whose count
    /// runs out is removed.
    pub fn take(&self, route: &str, absolute: &str, is_view: bool) -> Option<Fault> {
        let mut list = lock(&self.list);
        let index = list
            .iter()
            .position(|f| (f.route == "*" && is_view) || f.route == route || f.route == absolute)?;
        let fault = &mut list[index];
        fault.hits += 1;
        if let Some(n) = fault.remaining.as_mut() {
            *n = n.saturating_sub(1);
        }
        let applied = fault.clone();
        if applied.remaining == Some(0) {
            list.remove(index);
        }
        Some(applied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_faults_apply_n_times_then_vanish() {
        let faults = Faults::default();
        faults.add(FaultCreate {
            route: "/token/".into(),
            status: Some(503),
            latency_ms: None,
            drop: None,
            count: Some(2),
        });
        assert!(faults.take("/auth-check/", "/auth-check/", true).is_none());
        assert_eq!(
            faults.take("/token/", "/token/", true).map(|f| f.hits),
            Some(1)
        );
        assert_eq!(
            faults.take("/token/", "/token/", true).map(|f| f.remaining),
            Some(Some(0))
        );
        assert!(faults.take("/token/", "/token/", true).is_none());
        assert!(faults.list().is_empty());
    }

    #[test]
    fn star_faults_apply_to_views_only() {
        let faults = Faults::default();
        faults.add(FaultCreate {
            route: "*".into(),
            status: Some(500),
            latency_ms: None,
            drop: None,
            count: None,
        });
        assert!(faults.take("/favicon.ico", "/favicon.ico", false).is_none());
        assert!(faults.take("/token/", "/api/auth/token/", true).is_some());
        assert_eq!(faults.list()[0].hits, 1);
    }
}
