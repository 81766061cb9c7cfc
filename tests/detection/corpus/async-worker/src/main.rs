use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::sleep;

#[derive(Debug)]
enum Job {
    Resize { id: u64, width: u32 },
    Delete(u64),
}

async fn handle(job: Job) -> anyhow::Result<()> {
    match job {
        Job::Resize { id, width } => {
            sleep(Duration::from_millis(50)).await;
            tracing::info!(id, width, "resized");
        }
        Job::Delete(id) => tracing::info!(id, "deleted"),
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let (tx, mut rx) = mpsc::channel::<Job>(64);
    tokio::spawn(async move {
        for id in 0..10 {
            tx.send(Job::Resize { id, width: 320 }).await.ok();
        }
        tx.send(Job::Delete(3)).await.ok();
    });
    while let Some(job) = rx.recv().await {
        if let Err(err) = handle(job).await {
            tracing::error!(%err, "job failed");
        }
    }
    Ok(())
}
