# why across an import: the summary's total, down to the figures a `with` line set.
why notebooks/gop-y-2022/gop-y-stttt.chiso i4.tong@2022H1
