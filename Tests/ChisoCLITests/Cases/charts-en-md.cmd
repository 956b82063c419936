# Charts in English, the md format.
run Tests/ChisoCoreTests/Fixtures/charts-en.chiso --format md
