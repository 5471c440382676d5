"""Visitation: forums' agendas, applications, decisions and their letters, waivers of the
guarantee and the citizen's free choice of provider."""
