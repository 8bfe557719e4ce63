"""Demo content of the news, the agenda and the newsletter."""
