#!/usr/bin/env bash
set -euo pipefail
sudo useradd --system --home /opt/orders orders || true
sudo install -d -o orders /opt/orders
