//! Packages a force uploads to its LMS: the built app with the scenarios of
//! one module (or several, or the whole course), compiled for it, and the
//! manifest of its standard: SCORM 1.2 (`imsmanifest.xml`,
//! `imscp_rootv1p1p2`/`adlcp_rootv1p2`, one SCO with its mastery score),
//! SCORM 2004 4th edition (`imscp_v1p1`/`adlcp_v1p3`, sequencing defaults
//! and a primary objective) or cmi5 (`cmi5.xml`, one AU with `moveOn` and
//! `masteryScore`, the competencies as objectives). Zips are deterministic:
//! files in name order, fixed times, the same deflate, so the same input
//! gives the same bytes. Used by `scenario package`, the release build and
//! the trainers' workshop.

use crate::core::catalogue::Availability;
use crate::core::diagnostic::SourceFile;
use crate::core::framework::Framework;
use crate::core::guidance::{CompiledGuidance, GUIDANCE_FILE};
use crate::core::library::{Manifest, Module, DATA_FILES};
use crate::core::model::is_scenario_id;
use crate::core::publish::{
    encode, publish, read_sources, CompiledScenario, Shipped, COMPILED_DIR, INDEX_FILE,
};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standard {
    Scorm12,
    Scorm2004,
    Cmi5,
}

impl Standard {
    pub const ALL: [Standard; 3] = [Standard::Scorm12, Standard::Scorm2004, Standard::Cmi5];

    pub fn id(self) -> &'static str {
        match self {
            Standard::Scorm12 => "scorm12",
            Standard::Scorm2004 => "scorm2004",
            Standard::Cmi5 => "cmi5",
        }
    }

    pub fn from_id(id: &str) -> Option<Standard> {
        Standard::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn label(self) -> &'static str {
        match self {
            Standard::Scorm12 => "SCORM 1.2",
            Standard::Scorm2004 => "SCORM 2004 4th edition",
            Standard::Cmi5 => "cmi5",
        }
    }
}

/// What to package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spec {
    /// Letters, digits and hyphens: names the package and its identifiers.
    pub id: String,
    pub title: String,
    pub description: String,
    /// The modules officers see, each with its scenarios.
    pub modules: Vec<Module>,
    /// The pass mark for the package as a whole (0-100).
    pub mastery: u32,
    pub standard: Standard,
    /// The start of the IRIs naming the course and its AU (cmi5).
    pub iri_base: String,
}

/// The IRI base used when a force names none: a URN, which needs no domain.
pub const DEFAULT_IRI_BASE: &str = "urn:course-of-conduct:";

/// A built `dist/`: the app's files (listed in `APP_FILES`) and the scenarios folder.
pub struct Dist {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Written by the release build beside the app: the app's own files, one
/// path a line (what every package carries).
pub const APP_FILES: &str = "app-files.txt";

impl Dist {
    fn text(&self, path: &str) -> Result<String, String> {
        let bytes = self
            .files
            .get(path)
            .ok_or_else(|| format!("{path} is not in the built app"))?;
        String::from_utf8(bytes.clone()).map_err(|_| format!("{path} is not text"))
    }

    pub fn app_files(&self) -> Result<Vec<String>, String> {
        Ok(self
            .text(APP_FILES)?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect())
    }
}

/// The manifest text for a package's modules.
pub fn manifest_toml(modules: &[Module]) -> String {
    let quote = |text: &str| toml_string(text);
    let mut out = String::from("# The modules of this package (made by `scenario package`).\n");
    for module in modules {
        let ids: Vec<String> = module.scenarios.iter().map(|s| quote(s)).collect();
        out.push_str(&format!(
            "\n[[module]]\nid = {}\ntitle = {}\nsummary = {}\nscenarios = [{}]\n",
            quote(&module.id),
            quote(&module.title),
            quote(&module.summary),
            ids.join(", ")
        ));
    }
    out
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Builds a package's files: the app, the chosen scenarios compiled for
/// it, and the manifest. Any scenario with errors stops it, as at release.
pub fn files(dist: &Dist, spec: &Spec) -> Result<BTreeMap<String, Vec<u8>>, String> {
    if !is_scenario_id(&spec.id) {
        return Err(format!(
            "the package id `{}` must be lowercase letters, digits and hyphens",
            spec.id
        ));
    }
    if spec.mastery > 100 {
        return Err(format!("the pass mark {} is over 100", spec.mastery));
    }
    let scenario_file = |name: &str| -> Result<SourceFile, String> {
        Ok(SourceFile::new(
            format!("scenarios/{name}"),
            dist.text(&format!("scenarios/{name}"))?,
        ))
    };
    let shipped = Shipped {
        competencies: scenario_file("competencies.toml")?,
        patterns: scenario_file("patterns.toml")?,
        practices: scenario_file("practices.toml")?,
        guidance: scenario_file("guidance.toml")?,
    };
    let settings = scenario_file("settings.toml").ok();
    let manifest = SourceFile::new("scenarios/manifest.toml", manifest_toml(&spec.modules));
    let sources = read_sources(&shipped, &manifest, settings.as_ref())
        .map_err(|f| format!("{} {}", f.summary, f.details.join("\n")))?;
    let ids = sources.scenario_ids();
    if ids.is_empty() {
        return Err("a package needs at least one scenario".into());
    }
    let framework: Framework = sources.framework.clone();
    // The guidance travels too, so every citation in the package opens its page.
    let guidance = CompiledGuidance::of(
        framework
            .guidance
            .clone()
            .ok_or("guidance.toml was not read")?,
        &shipped.guidance.text,
    );
    let inputs = ids
        .iter()
        .map(|id| {
            // Bytes, as at release, so a file in the wrong encoding is one located error.
            let path = format!("scenarios/{}", Manifest::file_name(id));
            let bytes = dist.files.get(&path).cloned();
            let file = bytes
                .map(|bytes| (path.clone(), bytes))
                .ok_or_else(|| format!("{path} is not in the built app"));
            (id.clone(), file)
        })
        .collect();
    let published = publish(sources, inputs);
    let problems: Vec<String> = published
        .catalogue
        .entries
        .iter()
        .filter_map(|e| match &e.availability {
            Availability::Ready(_) => None,
            Availability::Broken { errors, .. } => Some(errors.join("\n")),
            Availability::Missing(why) => Some(why.clone()),
        })
        .collect();
    if !problems.is_empty() {
        return Err(format!(
            "the package was not made, because some scenarios have errors:\n{}",
            problems.join("\n\n")
        ));
    }

    let mut out = BTreeMap::new();
    for path in dist.app_files()? {
        let bytes = dist.files.get(&path).ok_or_else(|| {
            format!("{path} is listed in {APP_FILES} but is not in the built app")
        })?;
        out.insert(path, bytes.clone());
    }
    // The page names its standard, so the app talks to that API alone.
    let page = dist.text("index.html")?;
    let marker = "<meta charset=\"utf-8\">";
    let page = page.replacen(
        marker,
        &format!(
            "{marker}\n  <meta name=\"lms\" content=\"{}\">",
            spec.standard.id()
        ),
        1,
    );
    // A cmi5 launch names the LMS's endpoint, often on another origin than
    // the content: the page's policy lets the app reach it (and only the
    // launch can name one).
    let page = if spec.standard == Standard::Cmi5 {
        page.replacen(
            "default-src 'self';",
            "default-src 'self'; connect-src 'self' https: http:;",
            1,
        )
    } else {
        page
    };
    out.insert("index.html".into(), page.into_bytes());
    for name in DATA_FILES.iter().filter(|n| **n != "manifest.toml") {
        if let Ok(text) = dist.text(&format!("scenarios/{name}")) {
            out.insert(format!("scenarios/{name}"), text.into_bytes());
        }
    }
    out.insert("scenarios/manifest.toml".into(), manifest.text.into_bytes());
    for id in &ids {
        let name = format!("scenarios/{}", Manifest::file_name(id));
        out.insert(name.clone(), dist.text(&name)?.into_bytes());
    }
    out.insert(
        format!("{COMPILED_DIR}/{INDEX_FILE}"),
        encode(&published.catalogue),
    );
    out.insert(format!("{COMPILED_DIR}/{GUIDANCE_FILE}"), encode(&guidance));
    for compiled in &published.scenarios {
        out.insert(
            format!(
                "{COMPILED_DIR}/{}",
                CompiledScenario::file_name(&compiled.scenario.id)
            ),
            encode(compiled),
        );
    }
    let listed: Vec<String> = out.keys().cloned().collect();
    let (name, text) = match spec.standard {
        Standard::Scorm12 => ("imsmanifest.xml", scorm12_manifest(spec, &listed)),
        Standard::Scorm2004 => ("imsmanifest.xml", scorm2004_manifest(spec, &listed)),
        Standard::Cmi5 => ("cmi5.xml", cmi5_course(spec, &framework)),
    };
    out.insert(name.into(), text.into_bytes());
    Ok(out)
}

/// The package as a zip, named `<id>-<standard>.zip`.
pub fn build(dist: &Dist, spec: &Spec) -> Result<(String, Vec<u8>), String> {
    let files = files(dist, spec)?;
    Ok((
        format!("{}-{}.zip", spec.id, spec.standard.id()),
        zip(&files),
    ))
}

pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn file_list(files: &[String]) -> String {
    files
        .iter()
        .map(|f| format!("      <file href=\"{}\"/>\n", xml_escape(f)))
        .collect()
}

/// SCORM 1.2 (Content Aggregation Model, ADL SCORM 1.2): one SCO.
pub fn scorm12_manifest(spec: &Spec, files: &[String]) -> String {
    let title = xml_escape(&spec.title);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="course-of-conduct-{id}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="course-of-conduct-{id}-org">
    <organization identifier="course-of-conduct-{id}-org">
      <title>{title}</title>
      <item identifier="course-of-conduct-{id}-item" identifierref="course-of-conduct-{id}-sco" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="course-of-conduct-{id}-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
{files}    </resource>
  </resources>
</manifest>
"#,
        id = spec.id,
        mastery = spec.mastery,
        files = file_list(files),
    )
}

/// SCORM 2004 4th edition: one SCO, the default sequencing (choice and
/// flow), and a primary objective that names the pass mark. The app judges
/// passed or failed itself (the verdict and the pass mark), so the LMS is
/// not asked to judge by measure.
pub fn scorm2004_manifest(spec: &Spec, files: &[String]) -> String {
    let title = xml_escape(&spec.title);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="course-of-conduct-{id}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="course-of-conduct-{id}-org">
    <organization identifier="course-of-conduct-{id}-org">
      <title>{title}</title>
      <item identifier="course-of-conduct-{id}-item" identifierref="course-of-conduct-{id}-sco">
        <title>{title}</title>
        <adlcp:dataFromLMS>mastery={mastery}</adlcp:dataFromLMS>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="course-of-conduct-{id}-passed" satisfiedByMeasure="false">
              <imsss:minNormalizedMeasure>{scaled}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="course-of-conduct-{id}-sco" type="webcontent" adlcp:scormType="sco" href="index.html">
{files}    </resource>
  </resources>
</manifest>
"#,
        id = spec.id,
        mastery = spec.mastery,
        scaled = scaled(spec.mastery),
        files = file_list(files),
    )
}

fn scaled(percent: u32) -> String {
    let text = format!("{:.2}", f64::from(percent) / 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// cmi5 course structure: the course, its competencies as objectives, and
/// one AU that is satisfied when completed and passed.
pub fn cmi5_course(spec: &Spec, framework: &Framework) -> String {
    let lang = |text: &str| {
        format!(
            "<langstring lang=\"en-GB\">{}</langstring>",
            xml_escape(text)
        )
    };
    let course = format!("{}{}", spec.iri_base, spec.id);
    let objective_id = |id: &str| xml_escape(&format!("{course}/competency/{id}"));
    let objectives: String = framework
        .competencies
        .competencies
        .iter()
        .map(|c| {
            format!(
                "    <objective id=\"{}\">\n      <title>{}</title>\n      <description>{}</description>\n    </objective>\n",
                objective_id(&c.id),
                lang(&c.name),
                lang(&c.description)
            )
        })
        .collect();
    let references: String = framework
        .competencies
        .competencies
        .iter()
        .map(|c| format!("      <objective idref=\"{}\"/>\n", objective_id(&c.id)))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="{course}">
    <title>{title}</title>
    <description>{description}</description>
  </course>
  <objectives>
{objectives}  </objectives>
  <au id="{course}/au" moveOn="CompletedAndPassed" masteryScore="{scaled}" launchMethod="AnyWindow">
    <title>{title}</title>
    <description>{description}</description>
    <objectives>
{references}    </objectives>
    <url>index.html</url>
  </au>
</courseStructure>
"#,
        course = xml_escape(&course),
        title = lang(&spec.title),
        description = lang(&spec.description),
        scaled = scaled(spec.mastery),
    )
}

/// A zip archive (PKWARE APPNOTE): deflated entries in name order, every
/// time 1980-01-01 00:00, UTF-8 names, no extra fields.
pub fn zip(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    const TIME: u16 = 0;
    const DATE: u16 = (1 << 5) | 1; // 1980-01-01
    const UTF8: u16 = 1 << 11;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in files {
        let deflated = miniz_oxide::deflate::compress_to_vec(data, 9);
        let (method, body): (u16, &[u8]) = if deflated.len() < data.len() {
            (8, &deflated)
        } else {
            (0, data)
        };
        let crc = crc32(data);
        let offset = out.len() as u32;
        let header = |signature: u32, central: bool, into: &mut Vec<u8>| {
            into.extend(signature.to_le_bytes());
            if central {
                into.extend(20u16.to_le_bytes()); // made by: version 2.0
            }
            into.extend(20u16.to_le_bytes()); // needed to extract
            into.extend(UTF8.to_le_bytes());
            into.extend(method.to_le_bytes());
            into.extend(TIME.to_le_bytes());
            into.extend(DATE.to_le_bytes());
            into.extend(crc.to_le_bytes());
            into.extend((body.len() as u32).to_le_bytes());
            into.extend((data.len() as u32).to_le_bytes());
            into.extend((name.len() as u16).to_le_bytes());
            into.extend(0u16.to_le_bytes()); // extra field length
            if central {
                into.extend(0u16.to_le_bytes()); // comment length
                into.extend(0u16.to_le_bytes()); // disk number
                into.extend(0u16.to_le_bytes()); // internal attributes
                into.extend(0u32.to_le_bytes()); // external attributes
                into.extend(offset.to_le_bytes());
            }
            into.extend(name.as_bytes());
        };
        header(0x0403_4b50, false, &mut out);
        out.extend(body);
        header(0x0201_4b50, true, &mut central);
    }
    let start = out.len() as u32;
    let count = files.len() as u16;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// CRC-32 (IEEE), as zip entries need.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist() -> Dist {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/");
        let mut files = BTreeMap::new();
        for entry in std::fs::read_dir(root).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            files.insert(format!("scenarios/{name}"), std::fs::read(&path).unwrap());
        }
        files.insert(
            "index.html".into(),
            b"<!doctype html><meta charset=\"utf-8\"><title>app</title>".to_vec(),
        );
        files.insert("app-1.js".into(), b"export default 1;".to_vec());
        files.insert(APP_FILES.into(), b"index.html\napp-1.js\n".to_vec());
        Dist { files }
    }

    fn spec(standard: Standard) -> Spec {
        Spec {
            id: "supporting".into(),
            title: "Supporting the victim & <others>".into(),
            description: "Safe advice.".into(),
            modules: vec![Module {
                id: "supporting".into(),
                title: "Supporting the victim".into(),
                summary: "Safe \"advice\".".into(),
                scenarios: vec!["what-the-victim-needs".into()],
            }],
            mastery: 80,
            standard,
            iri_base: DEFAULT_IRI_BASE.into(),
        }
    }

    #[test]
    fn packages_hold_the_app_the_scenarios_and_the_manifest_and_are_deterministic() {
        let dist = dist();
        for standard in Standard::ALL {
            let files = files(&dist, &spec(standard)).unwrap();
            let names: Vec<&str> = files.keys().map(String::as_str).collect();
            for needed in [
                "index.html",
                "app-1.js",
                "compiled/index.bin",
                "compiled/what-the-victim-needs.bin",
                "scenarios/what-the-victim-needs.toml",
                "scenarios/manifest.toml",
                "scenarios/settings.toml",
            ] {
                assert!(names.contains(&needed), "{standard:?} lacks {needed}");
            }
            assert!(!names.contains(&"scenarios/the-tracker.toml"));
            let page = String::from_utf8(files["index.html"].clone()).unwrap();
            assert!(
                page.contains(&format!(
                    "<meta name=\"lms\" content=\"{}\">",
                    standard.id()
                )),
                "{page}"
            );
            let manifest = if standard == Standard::Cmi5 {
                "cmi5.xml"
            } else {
                "imsmanifest.xml"
            };
            let text = String::from_utf8(files[manifest].clone()).unwrap();
            assert!(
                text.contains("Supporting the victim &amp; &lt;others&gt;"),
                "{text}"
            );
            let (name, bytes) = build(&dist, &spec(standard)).unwrap();
            assert_eq!(name, format!("supporting-{}.zip", standard.id()));
            assert_eq!(
                build(&dist, &spec(standard)).unwrap().1,
                bytes,
                "the same bytes each time"
            );
        }
        let scorm12 = String::from_utf8(
            files(&dist, &spec(Standard::Scorm12)).unwrap()["imsmanifest.xml"].clone(),
        )
        .unwrap();
        assert!(scorm12.contains("xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\""));
        assert!(scorm12.contains("adlcp:scormtype=\"sco\""));
        assert!(scorm12.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"));
        assert!(scorm12.contains("<file href=\"compiled/index.bin\"/>"));
        let scorm2004 = String::from_utf8(
            files(&dist, &spec(Standard::Scorm2004)).unwrap()["imsmanifest.xml"].clone(),
        )
        .unwrap();
        assert!(scorm2004.contains("<schemaversion>2004 4th Edition</schemaversion>"));
        assert!(scorm2004.contains("adlcp:scormType=\"sco\""));
        assert!(scorm2004.contains("<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>"));
        let cmi5 =
            String::from_utf8(files(&dist, &spec(Standard::Cmi5)).unwrap()["cmi5.xml"].clone())
                .unwrap();
        assert!(cmi5.contains("<au id=\"urn:course-of-conduct:supporting/au\" moveOn=\"CompletedAndPassed\" masteryScore=\"0.8\""));
        assert!(cmi5.contains("<url>index.html</url>"));
    }

    #[test]
    fn bad_requests_are_refused_in_plain_words() {
        let dist = dist();
        let mut bad = spec(Standard::Scorm12);
        bad.modules[0].scenarios = vec!["no-such-scenario".into()];
        assert!(files(&dist, &bad).unwrap_err().contains("no-such-scenario"));
        let mut bad = spec(Standard::Scorm12);
        bad.id = "Not OK".into();
        assert!(files(&dist, &bad).unwrap_err().contains("lowercase"));
    }

    #[test]
    fn the_zip_is_readable() {
        let mut files = BTreeMap::new();
        files.insert(
            "b.txt".to_string(),
            b"hello hello hello hello hello".to_vec(),
        );
        files.insert("a.txt".to_string(), b"x".to_vec());
        let zip = zip(&files);
        assert_eq!(&zip[0..4], b"PK\x03\x04");
        // The first entry is a.txt, stored (deflate would not shrink it).
        assert_eq!(&zip[30..35], b"a.txt");
        assert_eq!(u16::from_le_bytes([zip[8], zip[9]]), 0);
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        let end = zip.len() - 22;
        assert_eq!(&zip[end..end + 4], b"PK\x05\x06");
        assert_eq!(u16::from_le_bytes([zip[end + 10], zip[end + 11]]), 2);
    }
}
