use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;

/// Runs `work` on every path with `threads` workers and collects the results in any order.
pub fn map_paths<T, F>(paths: Vec<PathBuf>, threads: usize, work: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(PathBuf) -> T + Send + Sync + 'static,
{
    let work = std::sync::Arc::new(work);
    let queue = std::sync::Arc::new(std::sync::Mutex::new(paths));
    let (tx, rx) = mpsc::channel();
    let handles: Vec<_> = (0..threads.max(1))
        .map(|_| {
            let (queue, work, tx) = (queue.clone(), work.clone(), tx.clone());
            thread::spawn(move || loop {
                let next = queue.lock().unwrap().pop();
                match next {
                    Some(path) => tx.send(work(path)).unwrap(),
                    None => break,
                }
            })
        })
        .collect();
    drop(tx);
    let results = rx.iter().collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    results
}
