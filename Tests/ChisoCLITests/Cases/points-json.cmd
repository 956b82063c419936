# Percentage points in JSON: the value is the fraction (0.225), the format points(1), the text 22,5 điểm %.
run Tests/ChisoCoreTests/Fixtures/points.chiso --format json
