# An overridden cell: where the override is written, and what it reads.
why docs/examples/dvc.chiso dvc.ton@2018Q1
