"""Drives AsaEmu with Netmiko's cisco_asa driver, as automation does, and prints what it saw.

usage: netmiko_session.py PORT USER PASSWORD SECRET|- push|check|sweep NAME|FILE
  push:  connect, enable, show running-config, send_config_set (a name entry), save_config
  check: connect and print the running config's name entries
  sweep: connect and run each command of FILE (one a line), printing "CMD: <command>" and its output
(Netmiko keeps the prompt it found at login, so the pushed change is not the hostname.)
"""
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
    with open(name) as commands:
        for command in (line.rstrip("\n") for line in commands):
            if command:
                print("CMD: " + command)
                print(connection.send_command(command))
    connection.disconnect()
    sys.exit(0)
print("NAME-LINE:" + connection.send_command("show running-config | include ^name ").strip())
connection.disconnect()
