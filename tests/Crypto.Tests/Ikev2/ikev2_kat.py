#!/usr/bin/env python3
"""Known answers for Ikev2KeyDerivationTests, computed with hmac/hashlib only, independently of
AsaEmu, straight from RFC 7296's formulas. Run once; its output is pasted into the tests.

  prf+ (K,S) = T1 | T2 | ...   T1 = prf (K, S | 0x01)   Tn = prf (K, Tn-1 | S | n)        §2.13
  SKEYSEED = prf (Ni | Nr, g^ir)                                                         §2.14
  {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr)
  KEYMAT = prf+ (SK_d, Ni | Nr)    with PFS: prf+ (SK_d, g^ir (new) | Ni | Nr)           §2.17
  rekeyed SKEYSEED = prf (SK_d (old), g^ir (new) | Ni | Nr)                              §2.18
  AUTH = prf ( prf (Shared Secret, "Key Pad for IKEv2"), RealMessage | Nonce | prf (SK_p, RestOfIDPayload))  §2.15
"""
import hashlib, hmac

def prf(h, k, s): return hmac.new(k, s, h).digest()

def prf_plus(h, k, s, n):
    out, t, i = b'', b'', 1
    while len(out) < n:
        t = prf(h, k, t + s + bytes([i])); out += t; i += 1
    return out[:n]

ni = bytes.fromhex('c0ffee00' * 8)                      # 32-octet Ni
nr = bytes(range(0x40, 0x50))                           # 16-octet Nr
gir = bytes.fromhex('00' + '5a' * 127)                  # a 1024-bit g^ir with its leading zero
gir_pfs = bytes.fromhex('a5' * 256)                     # the PFS exchange's g^ir
spii, spir = bytes.fromhex('0123456789abcdef'), bytes.fromhex('fedcba9876543210')
psk = b'cisco123'
message = bytes.fromhex('0123456789abcdef0000000000000000212022080000000000000030')  # stands for RealMessage1
rest_of_id = bytes.fromhex('01000000c0000201')          # ID_IPV4_ADDR 192.0.2.1

# (name, hash, encryption key length, integrity key length): AES-CBC-128/HMAC-SHA1-96, AES-CBC-256/SHA2-256-128,
# AES-GCM-256 (key | salt, no integrity)/SHA2-384, AES-CBC-192/SHA2-512-256.
for name, h, enc, integ in [('Sha1', hashlib.sha1, 16, 20), ('Sha256', hashlib.sha256, 32, 32),
                            ('Sha384', hashlib.sha384, 36, 0), ('Sha512', hashlib.sha512, 24, 64)]:
    L = h().digest_size
    skeyseed = prf(h, ni + nr, gir)
    lengths = [L, integ, integ, enc, enc, L, L]
    stream = prf_plus(h, skeyseed, ni + nr + spii + spir, sum(lengths))
    keys, o = [], 0
    for n in lengths: keys.append(stream[o:o + n]); o += n
    skd, skai, skar, skei, sker, skpi, skpr = keys
    # Child SA: ESP AES-CBC-128 with HMAC-SHA1-96: 2 x (16 + 20) octets.
    keymat = prf_plus(h, skd, ni + nr, 72)
    keymat_pfs = prf_plus(h, skd, gir_pfs + ni + nr, 72)
    rekeyed = prf(h, skd, gir_pfs + ni + nr)
    auth_i = prf(h, prf(h, psk, b'Key Pad for IKEv2'), message + nr + prf(h, skpi, rest_of_id))
    print(f'// {name}')
    for label, v in [('SKEYSEED', skeyseed), ('SK_d', skd), ('SK_ai', skai), ('SK_ar', skar), ('SK_ei', skei), ('SK_er', sker),
                     ('SK_pi', skpi), ('SK_pr', skpr), ('KEYMAT', keymat), ('KEYMAT_PFS', keymat_pfs), ('REKEY_SKEYSEED', rekeyed),
                     ('AUTH_I', auth_i)]:
        print(f'    {label} = "{v.hex()}"')
