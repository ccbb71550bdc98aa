"""officialdocs"""
