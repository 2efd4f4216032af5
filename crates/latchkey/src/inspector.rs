//! The request inspector's log: a bounded ring of the latest requests to the auth API and
//! the mock routes (the oldest entry goes when it is full, so memory stays flat).

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use latchkey_api::requests::{RequestQuery, RequestRecord};

use crate::state::lock;

pub struct Inspector {
    capacity: usize,
    next_id: AtomicU64,
    log: Mutex<VecDeque<RequestRecord>>,
}

impl Inspector {
    pub fn new(capacity: usize) -> Self {
        Inspector {
            capacity: capacity.max(1),
            next_id: AtomicU64::new(1),
            log: Mutex::new(VecDeque::new()),
        }
    }

    /// The id for the next record.
    pub fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }

    pub fn push(&self, record: RequestRecord) {
        let mut log = lock(&self.log);
        if log.len() == self.capacity {
            log.pop_front();
        }
        log.push_back(record);
    }

    /// Matching records, newest first, and how many match in all.
    pub fn query(&self, q: &RequestQuery) -> (Vec<RequestRecord>, u64) {
        let log = lock(&self.log);
        let matching: Vec<&RequestRecord> = log.iter().rev().filter(|r| matches(r, q)).collect();
        let total = matching.len() as u64;
        let offset = usize::try_from(q.offset.unwrap_or(0)).unwrap_or(usize::MAX);
        let limit = usize::try_from(q.limit.unwrap_or(100).min(1000)).unwrap_or(1000);
        let page = matching
            .into_iter()
            .skip(offset)
            .take(limit)
            .cloned()
            .collect();
        (page, total)
    }

    pub fn clear(&self) {
        lock(&self.log).clear();
    }
}

fn matches(r: &RequestRecord, q: &RequestQuery) -> bool {
    if let Some(status) = q.status.as_deref() {
        let s = r.status.to_string();
        let ok = match status.strip_suffix("xx") {
            Some(class) => s.starts_with(class),
            None => s == status,
        };
        if !ok {
            return false;
        }
    }
    if let Some(path) = q.path.as_deref() {
        if !r.path.contains(path) {
            return false;
        }
    }
    if let Some(user) = q.user {
        if r.user.as_ref().map(|u| u.id) != Some(user) {
            return false;
        }
    }
    if let Some(session) = q.session.as_deref() {
        if r.session_id.as_deref() != Some(session) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: u64, status: u16, path: &str) -> RequestRecord {
        RequestRecord {
            id,
            at: String::new(),
            method: "GET".into(),
            path: path.into(),
            origin: None,
            status,
            duration_ms: 0.0,
            user: None,
            session_id: None,
            token_jti: None,
            rejection: None,
            fault: None,
            cookies_in: vec![],
            cookies_out: vec![],
        }
    }

    #[test]
    fn the_ring_is_bounded_and_newest_first() {
        let inspector = Inspector::new(3);
        for i in 0..5 {
            inspector.push(record(
                i,
                if i % 2 == 0 { 200 } else { 401 },
                "/auth-check/",
            ));
        }
        let (all, total) = inspector.query(&RequestQuery::default());
        assert_eq!(total, 3);
        assert_eq!(all.iter().map(|r| r.id).collect::<Vec<_>>(), vec![4, 3, 2]);
        let q = RequestQuery {
            status: Some("4xx".into()),
            ..Default::default()
        };
        assert_eq!(
            inspector
                .query(&q)
                .0
                .iter()
                .map(|r| r.id)
                .collect::<Vec<_>>(),
            vec![3]
        );
    }
}
