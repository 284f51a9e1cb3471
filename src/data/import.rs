//! `spean import facilities FILE.csv`: reads the site's languages from `site.yaml`, converts the
//! spreadsheet with [`super::spreadsheet::import_facilities`], and writes the YAML file only when
//! the whole sheet is good. A file written by an earlier import is replaced; any other file is not.
//! An id that a facility of another data file has is refused, with where that record is.

use std::collections::HashMap;
use std::path::Path;

use crate::build::BuildError;
use crate::config::{BuildOptions, Config};
use crate::diagnostic::Diagnostic;
use crate::yaml::Step::Key;

const MARK: &str = "# Health facilities imported from";

pub(crate) fn import_facilities_file(
    csv: &Path,
    site: &Path,
    output: &Path,
    progress: &crate::progress::Progress,
) -> Result<usize, BuildError> {
    let config = Config::load(&BuildOptions {
        site_dir: site.to_path_buf(),
        ..Default::default()
    })
    .map_err(BuildError::Content)?;
    let bytes = std::fs::read(csv)
        .map_err(|e| BuildError::io(format!("cannot read {}", csv.display()), e))?;
    let languages: Vec<String> = config.language_codes().map(str::to_string).collect();
    let taken = facility_ids_elsewhere(&config, output);
    let (yaml, count) =
        super::spreadsheet::import_facilities(&bytes, csv, &languages, &taken, progress)
            .map_err(BuildError::Content)?;
    if let Ok(existing) = std::fs::read_to_string(output)
        && !existing.starts_with(MARK)
    {
        return Err(BuildError::Content(vec![
            Diagnostic::error(
                output,
                "this file exists and was not written by `spean import`",
            )
            .with_hint("choose another file with --output, or move this one away first"),
        ]));
    }
    if let Some(parent) = output.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| BuildError::io(format!("cannot create {}", parent.display()), e))?;
    }
    std::fs::write(output, yaml)
        .map_err(|e| BuildError::io(format!("cannot write {}", output.display()), e))?;
    Ok(count)
}

/// The ids of the site's facilities outside `output` (which an import replaces), each with the
/// place of its `id:`.
fn facility_ids_elsewhere(config: &Config, output: &Path) -> HashMap<String, String> {
    let (data, _) = super::load_data(config);
    let output = std::fs::canonicalize(output).ok();
    let mut taken = HashMap::new();
    for r in &data.facilities {
        let file = &data.files[r.file];
        let path = std::fs::canonicalize(config.site_dir.join(&file.path)).ok();
        if path.is_some() && path == output {
            continue;
        }
        let (line, column) = data.locate(r, &[Key("id")]);
        taken
            .entry(r.value.id.0.clone())
            .or_insert_with(|| format!("{}:{line}:{column}", file.path.display()));
    }
    taken
}
