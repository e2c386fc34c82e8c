//! The .wasm's allocator: power-of-two size classes, each with a free list,
//! carved from memory grown a page at a time, and every block zeroed when it
//! is freed.
//!
//! Why not a general free list: a verifier per request, freed when the
//! garbage collector gets to it, left `lol_alloc`'s first-fit list with
//! tens of thousands of small blocks to walk on every allocation (10 s per
//! 10,000 verifiers, the review found). Here allocation and freeing are a
//! few instructions whatever happened before: a block goes back to its
//! class's list and the next block of that class reuses it. Memory is
//! bounded by the most blocks of each class ever live at once (at most
//! twice the bytes asked for); WebAssembly memory never shrinks anyway.
//!
//! Why zero: tokens live in this memory (the verifier's copy, and the
//! strings wasm-bindgen passes in), and freed memory stays readable by
//! anyone holding the `WebAssembly.Memory`. A freed block keeps nothing but
//! its free-list link.
//!
//! Single-threaded (a WebAssembly instance without threads runs one call at
//! a time); alignments up to 16 bytes (every type this crate allocates).
#![allow(unsafe_code)]

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

const PAGE: usize = 65_536;
/// The smallest block (and the alignment of every block).
const MIN_SHIFT: u32 = 4;
/// Classes of 16 bytes to 2 GiB.
const CLASSES: usize = 28;

struct State {
    /// The first free block of each class (null when none); each free block
    /// starts with a pointer to the next.
    free: [*mut u8; CLASSES],
    /// Where the next new block is carved, and the end of memory.
    next: usize,
    end: usize,
}

/// The global allocator (see the module documentation).
pub struct Allocator(UnsafeCell<State>);

// SAFETY: a WebAssembly instance without threads runs one call at a time,
// so the state is never touched concurrently.
unsafe impl Sync for Allocator {}

impl Allocator {
    /// An allocator that owns no memory yet.
    pub const fn new() -> Self {
        Allocator(UnsafeCell::new(State {
            free: [ptr::null_mut(); CLASSES],
            next: 0,
            end: 0,
        }))
    }
}

/// The class of a layout, or `None` when it cannot be served.
#[inline(always)]
fn class(layout: Layout) -> Option<usize> {
    if layout.align() > 1 << MIN_SHIFT {
        return None;
    }
    let size = layout.size().max(1);
    // ceil(log2(size)), at least MIN_SHIFT.
    let shift = (usize::BITS - (size - 1).leading_zeros()).max(MIN_SHIFT);
    let c = (shift - MIN_SHIFT) as usize;
    (c < CLASSES).then_some(c)
}

// SAFETY: blocks are disjoint (each carved once from fresh memory, and on a
// free list only while not allocated), 16-byte aligned and at least as
// large as the layout asks.
unsafe impl GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(c) = class(layout) else {
            return ptr::null_mut();
        };
        // SAFETY: single-threaded (see `Sync`), and no reference to the
        // state outlives this call.
        let state = unsafe { &mut *self.0.get() };
        let Some(list) = state.free.get_mut(c) else {
            return ptr::null_mut();
        };
        let head = *list;
        if !head.is_null() {
            // SAFETY: a free block holds the address of the next one.
            *list = unsafe { head.cast::<*mut u8>().read() };
            return head;
        }
        let size = 1usize << (c as u32 + MIN_SHIFT);
        if state.end == 0 {
            // First use: carve above everything the module placed in memory.
            state.end = wasm32::memory_size(0) * PAGE;
            state.next = state.end;
        }
        if size > state.end - state.next {
            let pages = (size - (state.end - state.next)).div_ceil(PAGE);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return ptr::null_mut();
            }
            state.end += pages * PAGE;
        }
        let block = state.next as *mut u8;
        state.next += size;
        block
    }

    #[inline(never)]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(c) = class(layout) else {
            return;
        };
        // SAFETY: the caller gives back a block of this layout, which it may
        // no longer use: its bytes are ours to overwrite.
        unsafe { block.write_bytes(0, layout.size()) };
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.0.get() };
        if let Some(list) = state.free.get_mut(c) {
            // SAFETY: every block holds at least 16 bytes, 16-byte aligned.
            unsafe { block.cast::<*mut u8>().write(*list) };
            *list = block;
        }
    }

    #[inline(never)]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's guarantees, passed on; the layout stays valid
        // (the caller ensures `new_size` rounded to `align` fits `isize`).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(new_layout) == class(layout) {
            if new_size < layout.size() {
                // SAFETY: the bytes given up are inside the block.
                unsafe { block.add(new_size).write_bytes(0, layout.size() - new_size) };
            }
            return block;
        }
        // SAFETY: as in `alloc`.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks hold at least the bytes copied, and are
            // different blocks.
            unsafe {
                ptr::copy_nonoverlapping(block, new, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
        }
        new
    }
}
