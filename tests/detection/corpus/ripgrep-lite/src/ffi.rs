#![allow(non_camel_case_types)]
//! Bindings to the C ring buffer, used by the streaming reader.

use std::os::raw::c_void;

#[repr(C)]
pub struct ring_t {
    _private: [u8; 0],
}

extern "C" {
    pub fn ring_create(capacity: usize) -> *mut ring_t;
    pub fn ring_destroy(ring: *mut ring_t);
    pub fn ring_write(ring: *mut ring_t, data: *const c_void, len: usize) -> usize;
}
