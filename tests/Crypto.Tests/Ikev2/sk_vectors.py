#!/usr/bin/env python3
"""Sealed IKEv2 messages for SkProtectionTests, computed with pyca/cryptography and hmac, independently
of AsaEmu, from RFC 7296 §3.14 (AES-CBC + HMAC-SHA2-256-128) and RFC 5282 (AES-GCM-16). Run once.

The message: an INFORMATIONAL request, SPIs 0102030405060708/1112131415161718, message ID 2, whose SK
payload holds one Notify (protocol 0, no SPI, type 16384 INITIAL_CONTACT, no data), zero padding."""
import hmac, hashlib
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

inner = bytes.fromhex('00000008' + '00' + '00' + '4000')          # N(INITIAL_CONTACT), last payload
def header(length): return bytes.fromhex('0102030405060708' '1112131415161718' '2e' '20' '25' '08' '00000002') + length.to_bytes(4, 'big')
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
