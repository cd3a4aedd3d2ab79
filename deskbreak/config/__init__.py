"""The user's settings: the TOML file, its value readers, and the careful writer.

``settings_file`` reads and checks the file, ``values``, ``durations`` and
``active_hours`` read single values, ``user_file`` finds the user's file and
watches it, ``writer`` changes one setting in place, and ``did_you_mean``
words the hint every misspelt-name error carries.

Unlike the ports, these are public modules imported one by one, and this
file imports none of them: the stretch library needs only ``did_you_mean``
(and ``settings_file`` needs the library, so loading both here would be a
cycle), and only the writer loads tomlkit. The ``deskbreak config`` command
lives in ``deskbreak.commands.config``, like every other command.
"""
