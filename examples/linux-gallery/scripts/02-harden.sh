#!/usr/bin/env bash
# A few hardening steps; a real baseline would apply a full benchmark.
set -euo pipefail
sudo sed -i 's/^#\?PermitRootLogin.*/PermitRootLogin no/' /etc/ssh/sshd_config
sudo sed -i 's/^#\?PasswordAuthentication.*/PasswordAuthentication no/' /etc/ssh/sshd_config
echo 'net.ipv4.conf.all.accept_redirects = 0' | sudo tee /etc/sysctl.d/60-hardening.conf
