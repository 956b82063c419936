# The units tables as JSON: figures as rows and columns across whatever the display, with transposed saying how it is shown.
run Tests/ChisoCLITests/Cases/across/units.chiso --format json
