# Percentage points under --locale en: 22.5 pp, not 22.5%; JSON keeps the number and names the format.
run Tests/ChisoCoreTests/Fixtures/points.chiso --locale en
