//! `saidwhat._native`: the library's pipeline for Python, a document at a
//! time ([`saidwhat::run::embed`]).
//!
//! Each call gives, per table, an Arrow IPC stream: the rows in the schema
//! of the table's Parquet file (`saidwhat::export::arrow_schema`), which
//! the Python package (`py/saidwhat`) opens with pyarrow without copying
//! them again. IPC rather than pyarrow objects made here keeps this module
//! free of any one pyarrow's ABI. Documents are processed with the GIL
//! released, several at once on rayon's threads for `process_many`; the
//! rows come back in the order of the documents given.

use std::path::PathBuf;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rayon::prelude::*;
use saidwhat::export::record_batch;
use saidwhat::export::rows::Batch;
use saidwhat::export::schema::Table;
use saidwhat::run::embed::{EmbedConfig, Embedded};

/// The pipeline, configured once (people dictionary, taxonomy, owner) and
/// then used for any number of documents, from any number of threads.
#[pyclass(frozen, module = "saidwhat._native")]
struct Pipeline {
    inner: Embedded,
}

/// Per table, its name and its rows as one Arrow IPC stream.
type Streams = Vec<(&'static str, Vec<u8>)>;

impl Pipeline {
    /// The rows of the documents, in order, written table by table.
    fn streams(&self, docs: &[(&str, &[u8])], listed: bool) -> Result<Streams, String> {
        let rows: Vec<Vec<Batch>> = docs
            .par_iter()
            .map(|(id, bytes)| self.inner.process(id, bytes, listed))
            .collect();
        self.inner
            .tables()
            .into_iter()
            .enumerate()
            .map(|(i, table)| {
                let batches = rows.iter().map(|doc| &doc[i]).filter(|b| b.rows() > 0);
                Ok((table.name, ipc(table, batches)?))
            })
            .collect()
    }

    fn to_python<'py>(
        py: Python<'py>,
        streams: Streams,
    ) -> Vec<(&'static str, Bound<'py, PyBytes>)> {
        streams
            .into_iter()
            .map(|(name, bytes)| (name, PyBytes::new(py, &bytes)))
            .collect()
    }
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (people=Vec::new(), topics=None, dictionary_from=Vec::new(), owner=None, input_format=None, explain_repairs=false, corpus_parts=false, vault_topics=false, max_file_size=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        people: Vec<PathBuf>,
        topics: Option<PathBuf>,
        dictionary_from: Vec<PathBuf>,
        owner: Option<String>,
        input_format: Option<String>,
        explain_repairs: bool,
        corpus_parts: bool,
        vault_topics: bool,
        max_file_size: Option<u64>,
    ) -> PyResult<Pipeline> {
        let config = EmbedConfig {
            people,
            dictionary_from,
            topics,
            owner,
            input_format,
            explain_repairs,
            corpus_parts,
            vault_topics,
            max_file_size,
        };
        let inner = py
            .detach(|| Embedded::new(&config))
            .map_err(PyValueError::new_err)?;
        Ok(Pipeline { inner })
    }

    /// The names of the tables `process` gives, in order.
    fn tables(&self) -> Vec<&'static str> {
        self.inner.tables().into_iter().map(|t| t.name).collect()
    }

    /// The `people` table (the dictionary) as one Arrow IPC stream.
    fn people<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let batch = self.inner.people();
        let stream = ipc(batch.table, [&batch].into_iter()).map_err(PyRuntimeError::new_err)?;
        Ok(PyBytes::new(py, &stream))
    }

    /// One document: `doc_id` (its path under the input folder, with `/`)
    /// and its bytes. Returns (table, Arrow IPC stream) pairs.
    fn process<'py>(
        &self,
        py: Python<'py>,
        doc_id: &str,
        data: &[u8],
    ) -> PyResult<Vec<(&'static str, Bound<'py, PyBytes>)>> {
        let streams = py
            .detach(|| self.streams(&[(doc_id, data)], false))
            .map_err(PyRuntimeError::new_err)?;
        Ok(Pipeline::to_python(py, streams))
    }

    /// Several documents at once (in parallel), their rows in the order
    /// given, each table one stream. `listed`: the files come from a
    /// listing of a folder, and those a run's walk does not read for their
    /// name are `skipped` ([`Embedded::process`]).
    #[pyo3(signature = (doc_ids, data, listed=false))]
    fn process_many<'py>(
        &self,
        py: Python<'py>,
        doc_ids: Vec<String>,
        data: Vec<Vec<u8>>,
        listed: bool,
    ) -> PyResult<Vec<(&'static str, Bound<'py, PyBytes>)>> {
        if doc_ids.len() != data.len() {
            return Err(PyValueError::new_err(format!(
                "{} doc_ids for {} contents",
                doc_ids.len(),
                data.len()
            )));
        }
        let docs: Vec<(&str, &[u8])> = doc_ids
            .iter()
            .map(String::as_str)
            .zip(data.iter().map(Vec::as_slice))
            .collect();
        let streams = py
            .detach(|| self.streams(&docs, listed))
            .map_err(PyRuntimeError::new_err)?;
        Ok(Pipeline::to_python(py, streams))
    }
}

/// One Arrow IPC stream of `batches`, rows of `table`.
fn ipc<'b>(table: &Table, batches: impl Iterator<Item = &'b Batch>) -> Result<Vec<u8>, String> {
    let schema = saidwhat::export::arrow_schema(table);
    let mut out = Vec::new();
    let mut w =
        arrow_ipc::writer::StreamWriter::try_new(&mut out, &schema).map_err(|e| e.to_string())?;
    for batch in batches {
        w.write(&record_batch(batch)).map_err(|e| e.to_string())?;
    }
    w.finish().map_err(|e| e.to_string())?;
    drop(w);
    Ok(out)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
