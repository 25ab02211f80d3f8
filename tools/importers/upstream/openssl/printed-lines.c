BIO_printf(bio_err, "verify error:num=%d:%s\n", err,
"SSL alert number %d", alert_descr);
