use std::fs::File;
use std::io;
use std::os::unix::io::AsRawFd;
use std::ptr::NonNull;

/// A read-only memory map of a whole file.
pub struct Mmap {
    ptr: NonNull<u8>,
    len: usize,
}

impl Mmap {
    pub fn open(file: &File) -> io::Result<Self> {
        let len = file.metadata()?.len() as usize;
        // SAFETY: the mapping is private and read-only; the length comes from the file itself.
        let raw = unsafe { libc::mmap(std::ptr::null_mut(), len, libc::PROT_READ, libc::MAP_PRIVATE, file.as_raw_fd(), 0) };
        if raw == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        Ok(Self { ptr: NonNull::new(raw.cast()).expect("mmap returned null"), len })
    }

    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: ptr and len describe the live mapping created in `open`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Mmap {
    fn drop(&mut self) {
        unsafe { libc::munmap(self.ptr.as_ptr().cast(), self.len) };
    }
}
