"""Documents out: certificates, diplomas, QR badges, schedules, score sheets, CSV and JSON."""
