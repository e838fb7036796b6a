"""Small model files shipped with Rasad (each folder has a README naming source and licence)."""
