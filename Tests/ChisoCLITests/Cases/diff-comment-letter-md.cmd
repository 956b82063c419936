# The comment letter's diff in Markdown, to paste into the reply.
# expect exit: 1
diff notebooks/gop-y-2022/du-thao-i4.chiso notebooks/gop-y-2022/gop-y-stttt.chiso --format md
