"""Drives AsaEmu with Netmiko's cisco_asa driver, as automation does, and prints what it saw.

usage: netmiko_session.py PORT USER PASSWORD SECRET|- push|check|sweep NAME|FILE
  push:  connect, enable, show running-config, send_config_set (a name entry), save_config
  check: connect and print the running config's name entries
  sweep: connect and run each command of FILE (one a line), printing "CMD: <command>" and its output; each
         show command again with | include WORD and | begin WORD, WORD the first word of its output
(Netmiko keeps the prompt it found at login, so the pushed change is not the hostname.)
"""
import re
import sys
from netmiko import ConnectHandler

port, user, password, secret, action, name = sys.argv[1:7]
device = {
    "device_type": "cisco_asa",
    "host": "127.0.0.1",
    "port": int(port),
    "username": user,
    "password": password,
    "fast_cli": False,
}
if secret != "-":
    device["secret"] = secret
connection = ConnectHandler(**device)
connection.enable()
print("PROMPT:" + connection.find_prompt())
if action == "push":
    running = connection.send_command("show running-config")
    print("RUNNING-LINES:%d" % len(running.splitlines()))
    print("HAS-CHECKSUM:%s" % ("Cryptochecksum:" in running))
    out = connection.send_config_set(["names", "name 198.18.5.5 %s description pushed by netmiko" % name])
    print("CONFIG-SET-OK:%s" % ("ERROR" not in out))
    saved = connection.save_config()
    print("SAVED:%s" % ("[OK]" in saved))
if action == "sweep":
    # Logged in: from here Netmiko polls for the prompt every 20 ms instead of 200 ms.
    connection.fast_cli = True
    connection.global_delay_factor = 0.1
    with open(name) as commands:
        for command in (line.rstrip("\n") for line in commands):
            if not command:
                continue
            output = connection.send_command(command)
            print("CMD: " + command)
            print(output)
            # Each show command (and packet-tracer) once more through | include and | begin with a word
            # of its first line: what the filters keep is checked against the unfiltered output.
            if "|" in command or not command.startswith(("show ", "packet-tracer ")):
                continue
            words = [re.findall(r"[A-Za-z]{3,}", line) for line in output.splitlines() if line.strip()]
            word = next((w[0] for w in words if w), None)
            if word is None:
                continue
            for modifier in ("include", "begin"):
                filtered = "%s | %s %s" % (command, modifier, word)
                print("CMD: " + filtered)
                print(connection.send_command(filtered))
    connection.disconnect()
    sys.exit(0)
print("NAME-LINE:" + connection.send_command("show running-config | include ^name ").strip())
connection.disconnect()
