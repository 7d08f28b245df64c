import { createCipheriv, randomBytes } from 'node:crypto';

/*
 * Excel saves a password-protected workbook as an OLE compound file (CFB, MS-CFB) holding two streams:
 * `EncryptionInfo` (version 4.4 and an XML key descriptor, ECMA-376 agile encryption) and `EncryptedPackage`
 * (the 8-byte package size, then the .xlsx zip encrypted with AES). exceljs cannot write one, so this builds one:
 * a version 3 compound file with 512-byte sectors, EncryptionInfo in the mini stream (it is under 4096 bytes),
 * EncryptedPackage in regular sectors.
 */

const SECTOR = 512;
const MINI_SECTOR = 64;
const END_OF_CHAIN = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;
const NO_STREAM = 0xffffffff;

const AGILE_DESCRIPTOR =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n' +
  '<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" ' +
  'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
  '<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" ' +
  `hashAlgorithm="SHA512" saltValue="${randomBytes(16).toString('base64')}"/>` +
  '<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password">' +
  `<p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" ` +
  `cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="${randomBytes(16).toString('base64')}" ` +
  `encryptedKeyValue="${randomBytes(32).toString('base64')}"/></keyEncryptor></keyEncryptors></encryption>`;

function directoryEntry(
  name: string,
  type: 'root' | 'stream',
  fields: { child?: number; right?: number; start: number; size: number },
) {
  const entry = Buffer.alloc(128);
  const utf16 = Buffer.from(`${name}\0`, 'utf16le');
  utf16.copy(entry, 0);
  entry.writeUInt16LE(utf16.length, 64);
  entry.writeUInt8(type === 'root' ? 5 : 2, 66);
  entry.writeUInt8(1, 67);
  entry.writeUInt32LE(NO_STREAM, 68);
  entry.writeUInt32LE(fields.right ?? NO_STREAM, 72);
  entry.writeUInt32LE(fields.child ?? NO_STREAM, 76);
  entry.writeUInt32LE(fields.start, 116);
  entry.writeUInt32LE(fields.size, 120);
  return entry;
}

const padTo = (bytes: Buffer, unit: number) =>
  Buffer.concat([bytes, Buffer.alloc((unit - (bytes.length % unit)) % unit)]);

/** A workbook as Excel writes it when a password is set on opening: `xlsx` encrypted inside a compound file. */
export function passwordProtectedWorkbook(xlsx: Buffer): Buffer {
  const info = Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(AGILE_DESCRIPTOR, 'utf8')]);
  const cipher = createCipheriv('aes-256-cbc', randomBytes(32), randomBytes(16));
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(xlsx.length));
  const packageStream = Buffer.concat([size, cipher.update(xlsx), cipher.final()]);

  const miniStream = padTo(info, SECTOR);
  const miniSectors = Math.ceil(info.length / MINI_SECTOR);
  const miniStreamSectors = miniStream.length / SECTOR;
  const packageSectors = Math.ceil(packageStream.length / SECTOR);
  // Sector 0: FAT; 1: directory; 2: mini FAT; then the mini stream; then EncryptedPackage.
  const miniStreamStart = 3;
  const packageStart = miniStreamStart + miniStreamSectors;
  const totalSectors = packageStart + packageSectors;
  if (totalSectors > SECTOR / 4) throw new Error('workbook too large for a one-sector FAT');

  const fat = Buffer.alloc(SECTOR, 0xff); // every entry FREESECT until chained
  const chain = (start: number, count: number) => {
    for (let i = 0; i < count; i++) fat.writeUInt32LE(i === count - 1 ? END_OF_CHAIN : start + i + 1, (start + i) * 4);
  };
  fat.writeUInt32LE(FAT_SECTOR, 0);
  fat.writeUInt32LE(END_OF_CHAIN, 4);
  fat.writeUInt32LE(END_OF_CHAIN, 8);
  chain(miniStreamStart, miniStreamSectors);
  chain(packageStart, packageSectors);

  const miniFat = Buffer.alloc(SECTOR, 0xff);
  for (let i = 0; i < miniSectors; i++) miniFat.writeUInt32LE(i === miniSectors - 1 ? END_OF_CHAIN : i + 1, i * 4);

  const directory = Buffer.concat([
    directoryEntry('Root Entry', 'root', { child: 1, start: miniStreamStart, size: miniSectors * MINI_SECTOR }),
    directoryEntry('EncryptionInfo', 'stream', { right: 2, start: 0, size: info.length }),
    directoryEntry('EncryptedPackage', 'stream', { start: packageStart, size: packageStream.length }),
    Buffer.alloc(128),
  ]);

  const header = Buffer.alloc(SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(1, 44);
  header.writeUInt32LE(1, 48);
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(2, 60);
  header.writeUInt32LE(1, 64);
  header.writeUInt32LE(END_OF_CHAIN, 68);
  header.fill(0xff, 76);
  header.writeUInt32LE(0, 76);

  return Buffer.concat([header, fat, directory, miniFat, miniStream, padTo(packageStream, SECTOR)]);
}
