"""The course screens: the course page, starting treatment and the treatment course's sections."""
