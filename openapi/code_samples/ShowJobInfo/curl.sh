# An IAM token in IAM_TOKEN (AK/SK requests need signing: use the client).
curl -X GET "https://dcs.cn-north-4.myhuaweicloud.com/v2/${DCS_PROJECT_ID}/jobs/ff8080818822bbf70188235afc24141a" \
  -H "X-Auth-Token: ${IAM_TOKEN}"
