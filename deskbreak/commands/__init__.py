"""The handlers behind each ``deskbreak`` subcommand, imported only when used."""
