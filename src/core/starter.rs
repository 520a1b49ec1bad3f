//! The file a trainer starts from in the workshop: a small scenario that
//! passes the checker, with comments saying what to change.

pub const STARTER: &str = include_str!("starter.toml");

#[cfg(test)]
mod tests {
    use super::STARTER;
    use crate::core::diagnostic::SourceFile;
    use crate::core::framework::Framework;
    use crate::core::validate::load;

    #[test]
    fn the_starter_passes_the_checker_with_nothing_to_fix() {
        let loaded = load(
            &SourceFile::new("my-scenario.toml", STARTER),
            &Framework::bundled(),
        );
        let rendered: Vec<String> = loaded.diagnostics.iter().map(|d| d.render()).collect();
        assert!(rendered.is_empty(), "{}", rendered.join("\n"));
        assert_eq!(loaded.scenario.unwrap().id, "my-scenario");
    }
}
