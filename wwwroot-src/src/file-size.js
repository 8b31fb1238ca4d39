// A file's size as people read it: "102 bytes", "1.5 KB", "2.3 MB". The same rules as the server's
// Streamline.Core/Formatting/FileSize.cs, so a size reads the same before and after a file is sent.
export function fileSize(bytes) {
  if (bytes === 1) return '1 byte';
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] =
    bytes < 1024 ** 2 ? [bytes / 1024, 'KB'] : bytes < 1024 ** 3 ? [bytes / 1024 ** 2, 'MB'] : [bytes / 1024 ** 3, 'GB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}
