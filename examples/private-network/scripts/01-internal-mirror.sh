#!/bin/bash
# Packages come from a mirror only the virtual network reaches.
set -euo pipefail
echo "deb http://mirror.internal.example/ubuntu noble main" | sudo tee /etc/apt/sources.list.d/internal.list
echo "internal mirror configured"
