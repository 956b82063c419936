# A period outside the row's table.
# expect exit: 64
why notebooks/gop-y-2022/gop-y-stttt.chiso i4.tong@2030H1
