#!/usr/bin/env python3
"""Sealed IKEv2 messages for SkProtectionTests, computed with pyca/cryptography and hmac, independently
of AsaEmu, from RFC 7296 §3.14 (AES-CBC + HMAC-SHA2-256-128) and RFC 5282 (AES-GCM-16). Run once.

The message: an INFORMATIONAL request, SPIs 0102030405060708/1112131415161718, message ID 2, whose SK
payload holds one Notify (protocol 0, no SPI, type 16384 INITIAL_CONTACT, no data), zero padding.
Then the same message as two Encrypted Fragment payloads (RFC 7383 §2.5): the Notify's first 5 octets in
fragment 1 of 2 (Next Payload N), its last 3 in fragment 2 of 2 (Next Payload 0), each sealed on its own.
The IVs: CBC a0..af, then b0..bf; GCM ..01, then ..02."""
import hmac, hashlib
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

inner = bytes.fromhex('00000008' + '00' + '00' + '4000')          # N(INITIAL_CONTACT), last payload
def header(length, first='2e'): return bytes.fromhex('0102030405060708' '1112131415161718' + first + '20' '25' '08' '00000002') + length.to_bytes(4, 'big')
def sk_header(length): return bytes([0x29, 0]) + length.to_bytes(2, 'big')  # next payload N (41)

# AES-CBC-128 + HMAC-SHA2-256-128
ke, ka, iv = bytes(range(16)), bytes(range(32, 64)), bytes(range(0xa0, 0xb0))
pad = (16 - (len(inner) + 1) % 16) % 16
plain = inner + bytes(pad) + bytes([pad])
enc = Cipher(algorithms.AES(ke), modes.CBC(iv)).encryptor()
ct = enc.update(plain) + enc.finalize()
sk_len = 4 + 16 + len(ct) + 16
msg = header(28 + sk_len) + sk_header(sk_len) + iv + ct
msg += hmac.new(ka, msg, hashlib.sha256).digest()[:16]
print('CBC', msg.hex())

# AES-GCM-256 with a 16-octet ICV: SK_e = key (32) | salt (4)
key, salt, iv = bytes(range(32)), bytes.fromhex('cafebabe'), bytes.fromhex('0000000000000001')
plain = inner + bytes([0])                                           # no padding, pad length 0
sk_len = 4 + 8 + len(plain) + 16
aad = header(28 + sk_len) + sk_header(sk_len)
sealed = AESGCM(key).encrypt(salt + iv, plain, aad)
print('GCM', (aad + iv + sealed).hex())

# RFC 7383 §2.5: SKF, its Fragment Number and Total Fragments inside what the ICV and GCM's AAD cover.
def skf_header(length, number, total): return bytes([0x29 if number == 1 else 0, 0]) + length.to_bytes(2, 'big') + number.to_bytes(2, 'big') + total.to_bytes(2, 'big')
pieces = [inner[:5], inner[5:]]
for number, piece in enumerate(pieces, 1):
    iv = bytes(range(0xa0 + 16 * (number - 1), 0xb0 + 16 * (number - 1)))
    pad = (16 - (len(piece) + 1) % 16) % 16
    enc = Cipher(algorithms.AES(ke), modes.CBC(iv)).encryptor()
    ct = enc.update(piece + bytes(pad) + bytes([pad])) + enc.finalize()
    skf_len = 8 + 16 + len(ct) + 16
    msg = header(28 + skf_len, '35') + skf_header(skf_len, number, 2) + iv + ct
    msg += hmac.new(ka, msg, hashlib.sha256).digest()[:16]
    print('CBC fragment', number, msg.hex())
for number, piece in enumerate(pieces, 1):
    iv = number.to_bytes(8, 'big')
    plain = piece + bytes([0])
    skf_len = 8 + 8 + len(plain) + 16
    aad = header(28 + skf_len, '35') + skf_header(skf_len, number, 2)
    print('GCM fragment', number, (aad + iv + AESGCM(key).encrypt(salt + iv, plain, aad)).hex())
