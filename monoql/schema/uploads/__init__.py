"""File and image uploads to the uploads service and the listings built from stored objects."""
