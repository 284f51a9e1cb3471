//! The `spean` command. Everything it does, the command line included, is in the library
//! (`spean::cli`).

fn main() -> std::process::ExitCode {
    spean::cli::main()
}
