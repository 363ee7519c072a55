#!/usr/bin/env python3
"""ESP AES-GMAC (RFC 4543) packets for EspGcmTests, computed with pyca/cryptography's AES-GCM,
independently of AsaEmu. Run once; its output is pasted into EspGcmTests.Rfc4543Packets.

RFC 4543 §3.2: nonce = salt | IV; AAD = SPI | sequence | IV | payload | padding | pad length |
next header; plaintext empty; the ICV is the 16-octet GCM tag."""
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def packet(key, salt, spi, seq, iv, payload, next_header):
    pad = (-(len(payload) + 2)) % 4
    trailer = bytes(range(1, pad + 1)) + bytes([pad, next_header])
    clear = spi.to_bytes(4, 'big') + seq.to_bytes(4, 'big') + iv + payload + trailer
    tag = AESGCM(key).encrypt(salt + iv, b'', clear)
    return clear + tag

cases = [
    (bytes.fromhex('3de09874b388e6491988d0c3607eae1f'), bytes.fromhex('57690e43'), 0x42f67e3f, 0x10101010,
     bytes.fromhex('4e280000a2fca1a3'), bytes.fromhex('4500001c42a200008001441f406793b6e00000020a00f5ff'), 4),
    (bytes.fromhex('abbccddef00112233445566778899aababbccddef00112233445566778899aab'), bytes.fromhex('11223344'), 0x4a2cbfe3, 2,
     bytes.fromhex('0102030405060708'), bytes.fromhex('4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee0000000007002400020bf0000020405b401010402'), 4),
    (bytes.fromhex('feffe9928665731c6d6a8f9467308308feffe9928665731c'), bytes.fromhex('cafebabe'), 0x0000a5f8, 0x0a,
     bytes.fromhex('facedbaddecaf888'), b'', 59),
]
for key, salt, spi, seq, iv, payload, nh in cases:
    print(key.hex() + salt.hex(), hex(spi), seq, payload.hex(), nh, packet(key, salt, spi, seq, iv, payload, nh).hex())
