//! Recordings and transcripts in object storage: a local directory by default, an
//! S3-compatible bucket when several servers share the work.

use std::ops::Range;
use std::sync::Arc;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::config::RecordingStorage;

#[derive(Clone, Debug)]
pub struct RecordingStore {
    store: Arc<dyn ObjectStore>,
}

impl RecordingStore {
    pub fn from_config(config: &RecordingStorage) -> anyhow::Result<RecordingStore> {
        let store: Arc<dyn ObjectStore> = match config {
            RecordingStorage::LocalDir(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    anyhow::anyhow!("creating RECORDINGS_DIR {}: {e}", dir.display())
                })?;
                Arc::new(LocalFileSystem::new_with_prefix(dir)?)
            }
            RecordingStorage::S3 { bucket } => {
                Arc::new(AmazonS3Builder::from_env().with_bucket_name(bucket).build()?)
            }
        };
        Ok(RecordingStore { store })
    }

    pub async fn put(&self, key: &str, data: Bytes) -> anyhow::Result<()> {
        self.store.put(&Path::from(key), PutPayload::from(data)).await?;
        Ok(())
    }

    pub async fn get(&self, key: &str) -> anyhow::Result<Bytes> {
        Ok(self.store.get(&Path::from(key)).await?.bytes().await?)
    }

    /// The object's size, or `None` when it doesn't exist.
    pub async fn size(&self, key: &str) -> anyhow::Result<Option<u64>> {
        match self.store.head(&Path::from(key)).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn get_range(&self, key: &str, range: Range<u64>) -> anyhow::Result<Bytes> {
        Ok(self.store.get_range(&Path::from(key), range).await?)
    }

    /// Deletes the object; one that doesn't exist is already gone, which is no error.
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
