"""Administration: users and accounts, shared settings, venues, backups, connections, logins."""
