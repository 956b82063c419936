# Versions side by side: a draft and its amended import, the difference second minus first, a rate's in percentage points.
run Tests/ChisoCLITests/Cases/across/versions.chiso
